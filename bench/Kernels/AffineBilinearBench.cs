using Hpc.Simd;
using Hpc.Simd.Geometry;
using OpenCvSharp;
using CvScalar = OpenCvSharp.Scalar;

namespace Hpc.Bench.Kernels;

/// <summary>
/// A general bilinear affine warp (shear 0.2/0.1) vs OpenCV warpAffine. Our matrix maps output to input, which is
/// OpenCV's WARP_INVERSE_MAP, so both sides do exactly one inverse-mapped bilinear pass.
/// </summary>
public class AffineBilinearBench : KernelBenchBase
{
    private static readonly AffineMatrix Matrix = AffineMatrix.Shear(BenchImages.ShearX, BenchImages.ShearY);
    private Mat _matrix = new();
    private InputArray _cvMatrix = null!;

    protected override void OnSetup()
    {
        _matrix = CvMats.Matrix2x3(Matrix.A, Matrix.B, Matrix.C, Matrix.D, Matrix.E, Matrix.F);
        _cvMatrix = InputArray.Create(_matrix);
    }

    protected override void RunReference() => AffineScalar.Apply(Source, Destination, Matrix, Interpolation.Bilinear);

    protected override void Run(SimdPath path) =>
        Affine.Apply(Source, Destination, Matrix, Interpolation.Bilinear, path);

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
