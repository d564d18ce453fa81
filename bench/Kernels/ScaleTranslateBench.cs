using Hpc.Simd;
using Hpc.Simd.Geometry;
using OpenCvSharp;
using CvScalar = OpenCvSharp.Scalar;

namespace Hpc.Bench.Kernels;

/// <summary>
/// Bicubic downscale to 80% pasted centred on a black canvas vs OpenCV resize(INTER_CUBIC) + clear + copy into
/// the canvas ROI: the same three steps Pillow's resize + paste performs.
/// </summary>
public class ScaleTranslateBench : KernelBenchBase
{
    private int _scaled;
    private int _offset;
    private Mat _small = new();
    private Mat _roi = new();

    protected override void OnSetup()
    {
        (_scaled, _offset) = BenchImages.ScaleTranslateGeometry(Size);
        _small = new Mat(_scaled, _scaled, MatType.CV_8UC1);
        _roi = new Mat(DstMat, new Rect(_offset, _offset, _scaled, _scaled));
    }

    protected override void RunReference() => ScaleTranslateScalar.Apply(Source, Destination, _scaled, _scaled, _offset, _offset);

    protected override void Run(SimdPath path) =>
        ScaleTranslate.Apply(Source, Destination, _scaled, _scaled, _offset, _offset, path);

    protected override void RunOpenCv()
    {
        Cv2.Resize(CvSrc, _small, new Size(_scaled, _scaled), 0, 0, InterpolationFlags.Cubic);
        DstMat.SetTo(CvScalar.All(0));
        _small.CopyTo(_roi);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _roi.Dispose();
            _small.Dispose();
        }

        base.Dispose(disposing);
    }
}
