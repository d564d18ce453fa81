using Hpc.Simd;
using Hpc.Simd.Conversion;
using OpenCvSharp;

namespace Hpc.Bench.Kernels;

/// <summary>uint8 to normalised float32 (x/255) vs OpenCV convertTo(CV_32F, 1/255).</summary>
public class ToFloat32Bench : KernelBenchBase
{
    private Memory<float> _out;
    private Mat _cvOutMat = new();

    protected override void OnSetup()
    {
        _out = BenchImages.AlignedFloats(Size * Size);
        _cvOutMat = new Mat(Size, Size, MatType.CV_32FC1);
    }

    protected override void RunReference() => ToTensorScalar.ToFloat32(Source, _out.Span, Normalization.UnitRange);

    protected override void Run(SimdPath path) => ToTensor.ToFloat32(Source, _out.Span, Normalization.UnitRange, path);

    protected override void RunOpenCv() => SrcMat.ConvertTo(_cvOutMat, MatType.CV_32F, 1.0 / 255, 0);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cvOutMat.Dispose();
        }

        base.Dispose(disposing);
    }
}
