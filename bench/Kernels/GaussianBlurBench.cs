using BenchmarkDotNet.Attributes;
using Hpc.Simd;
using Hpc.Simd.Filters;
using OpenCvSharp;

namespace Hpc.Bench.Kernels;

/// <summary>
/// Pillow's GaussianBlur(radius) (three extended box passes) vs OpenCV GaussianBlur with sigma = radius, which OpenCV
/// turns into a separable fixed-point kernel for 8U (7 taps at sigma 0.8 and 1, 5 at 0.6). The radius picks our kernel, so
/// one radius per kernel of the augmentation range: 0.6 takes the float pass (about 59% of radii 0.5-1.2), 0.8 the
/// 16-bit pass (about 40%), and 1.0, the "blur by one pixel" a user asks for, is one of the few radii that only
/// Pillow's integer pass computes exactly.
/// </summary>
public class GaussianBlurBench : KernelBenchBase
{
    [Params(0.6f, 0.8f, BenchImages.GaussianRadius)]
    public float Radius { get; set; }

    protected override void RunReference() => GaussianBlurScalar.Apply(Source, Destination, Radius);

    protected override void Run(SimdPath path) => GaussianBlur.Apply(Source, Destination, Radius, path);

    protected override void RunOpenCv() =>
        Cv2.GaussianBlur(CvSrc, DstMat, new Size(0, 0), Radius, Radius, BorderTypes.Replicate);
}
