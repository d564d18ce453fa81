using Hpc.Simd;
using Hpc.Simd.Conversion;
using OpenCvSharp;

namespace Hpc.Bench.Kernels;

/// <summary>uint8 to normalised float16 (x/255, round to nearest even) vs OpenCV convertTo(CV_16F, 1/255).</summary>
public class ToFloat16Bench : KernelBenchBase
{
    private Memory<Half> _out;
    private Mat _cvOutMat = new();

    protected override void OnSetup()
    {
        _out = BenchImages.AlignedHalves(Size * Size);
        _cvOutMat = new Mat(Size, Size, MatType.CV_16FC1);
    }

    protected override void RunReference() => ToTensorScalar.ToFloat16(Source, _out.Span, Normalization.UnitRange);

    protected override void Run(SimdPath path) => ToTensor.ToFloat16(Source, _out.Span, Normalization.UnitRange, path);

    protected override void RunOpenCv() => SrcMat.ConvertTo(_cvOutMat, MatType.CV_16F, 1.0 / 255, 0);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cvOutMat.Dispose();
        }

        base.Dispose(disposing);
    }
}
