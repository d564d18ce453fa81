using BenchmarkDotNet.Attributes;
using Hpc.Simd;
using Hpc.Simd.Geometry;
using OpenCvSharp;
using CvScalar = OpenCvSharp.Scalar;

namespace Hpc.Bench.Kernels;

/// <summary>Pillow-style rotate by 15 degrees about the centre vs OpenCV warpAffine with the same matrix kind.</summary>
public class RotateBench : KernelBenchBase
{
    private Mat _matrix = new();
    private InputArray _cvMatrix = null!;

    [Params(Interpolation.Nearest, Interpolation.Bilinear)]
    public Interpolation Interpolation { get; set; }

    protected override void OnSetup()
    {
        _matrix = Cv2.GetRotationMatrix2D(new Point2f(Size / 2f, Size / 2f), BenchImages.RotateDegrees, 1.0);
        _cvMatrix = InputArray.Create(_matrix);
    }

    protected override void RunReference() => RotateScalar.Apply(Source, Destination, BenchImages.RotateDegrees, Interpolation);

    protected override void Run(SimdPath path) =>
        Rotate.Apply(Source, Destination, BenchImages.RotateDegrees, Interpolation, path);

    protected override void RunOpenCv() =>
        Cv2.WarpAffine(CvSrc, DstMat, _cvMatrix, new Size(Size, Size),
            Interpolation == Interpolation.Nearest ? InterpolationFlags.Nearest : InterpolationFlags.Linear,
            BorderTypes.Constant, CvScalar.All(0));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cvMatrix?.Dispose();
            _matrix.Dispose();
        }

        base.Dispose(disposing);
    }
}
