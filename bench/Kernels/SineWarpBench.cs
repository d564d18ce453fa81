using Hpc.Simd;
using Hpc.Simd.Geometry;
using OpenCvSharp;

namespace Hpc.Bench.Kernels;

/// <summary>
/// Per-column integer roll (amplitude 3, frequency 1/32) vs OpenCV remap with the equivalent prebuilt map.
/// </summary>
public class SineWarpBench : KernelBenchBase
{
    private Mat _map = new();
    private InputArray _cvMap = null!;
    private readonly Mat _noMap = new();
    private InputArray _cvNoMap = null!;

    protected override void OnSetup()
    {
        _map = CvMats.SineRollMap(Size, BenchImages.SineAmplitude, BenchImages.SineFrequency);
        _cvMap = InputArray.Create(_map);
        _cvNoMap = InputArray.Create(_noMap);
    }

    protected override void RunReference() => SineWarpScalar.Apply(Source, Destination, BenchImages.SineAmplitude, BenchImages.SineFrequency);

    protected override void Run(SimdPath path) =>
        SineWarp.Apply(Source, Destination, BenchImages.SineAmplitude, BenchImages.SineFrequency, path);

    protected override void RunOpenCv() =>
        Cv2.Remap(CvSrc, DstMat, _cvMap, _cvNoMap, InterpolationFlags.Nearest);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cvMap?.Dispose();
            _cvNoMap?.Dispose();
            _map.Dispose();
            _noMap.Dispose();
        }

        base.Dispose(disposing);
    }
}
