using Hpc.Simd;
using Hpc.Simd.Geometry;
using OpenCvSharp;

namespace Hpc.Bench.Kernels;

/// <summary>
/// Per-column integer roll (amplitude 3, frequency 1/32) vs OpenCV remap with the equivalent map, converted once
/// to OpenCV's fastest fixed-point form (CV_16SC2, nearest) so OpenCV is not charged for float maps.
/// </summary>
public class SineWarpBench : KernelBenchBase
{
    private Mat _map = new();
    private InputArray _cvMap = null!;
    private readonly Mat _noMap = new();
    private InputArray _cvNoMap = null!;

    protected override void OnSetup()
    {
        using var mapX = new Mat(Size, Size, MatType.CV_32FC1);
        using var mapY = new Mat(Size, Size, MatType.CV_32FC1);
        var xs = new float[Size * Size];
        var ys = new float[Size * Size];
        for (var x = 0; x < Size; x++)
        {
            var shift = (int)(BenchImages.SineAmplitude * Math.Sin(-2 * Math.PI * x * BenchImages.SineFrequency));
            for (var y = 0; y < Size; y++)
            {
                xs[(y * Size) + x] = x;
                ys[(y * Size) + x] = ((((y - shift) % Size) + Size) % Size);
            }
        }

        mapX.SetArray(xs);
        mapY.SetArray(ys);
        _map = new Mat();
        using var unused = new Mat();
        Cv2.ConvertMaps(mapX, mapY, _map, unused, MatType.CV_16SC2, nnInterpolation: true);
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
