using Hpc.Simd;
using Hpc.Simd.Geometry;
using OpenCvSharp;
using CvScalar = OpenCvSharp.Scalar;

namespace Hpc.Bench.Kernels;

/// <summary>
/// The fast mode: rotate 15 degrees + shear 0.2/0.1 + scale 0.8 composed into one bilinear warp, vs OpenCV
/// warpAffine of the same composed (output-to-input) matrix.
/// </summary>
public class FusedAffineBench : KernelBenchBase
{
    private Mat _matrix = new();
    private InputArray _cvMatrix = null!;

    protected override void OnSetup()
    {
        var m = FusedAffine.Compose(Source, Destination, BenchImages.RotateDegrees, BenchImages.ShearX, BenchImages.ShearY,
            BenchImages.Scale, 0, 0);
        _matrix = CvMats.Matrix2x3(m.A, m.B, m.C, m.D, m.E, m.F);
        _cvMatrix = InputArray.Create(_matrix);
    }

    protected override void RunReference() => FusedAffineScalar.Apply(Source, Destination, BenchImages.RotateDegrees, BenchImages.ShearX, BenchImages.ShearY,
            BenchImages.Scale, 0, 0);

    protected override void Run(SimdPath path) =>
        FusedAffine.Apply(Source, Destination, BenchImages.RotateDegrees, BenchImages.ShearX, BenchImages.ShearY,
            BenchImages.Scale, 0, 0, path);

    protected override void RunOpenCv() =>
        Cv2.WarpAffine(CvSrc, DstMat, _cvMatrix, new Size(Size, Size),
            InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap, BorderTypes.Constant, CvScalar.All(0));

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
