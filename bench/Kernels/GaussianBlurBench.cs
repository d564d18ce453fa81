using Hpc.Simd;
using Hpc.Simd.Filters;
using OpenCvSharp;

namespace Hpc.Bench.Kernels;

/// <summary>
/// Pillow's GaussianBlur(radius 1) (three extended box passes) vs OpenCV GaussianBlur with sigma 1, which OpenCV
/// turns into a 7-tap separable fixed-point kernel for 8U. Both are the "blur by one pixel" a user asks for.
/// </summary>
public class GaussianBlurBench : KernelBenchBase
{
    protected override void RunReference() => GaussianBlurScalar.Apply(Source, Destination, BenchImages.GaussianRadius);

    protected override void Run(SimdPath path) =>
        GaussianBlur.Apply(Source, Destination, BenchImages.GaussianRadius, path);

    protected override void RunOpenCv() =>
        Cv2.GaussianBlur(CvSrc, DstMat, new Size(0, 0), BenchImages.GaussianRadius, BenchImages.GaussianRadius,
            BorderTypes.Replicate);
}
