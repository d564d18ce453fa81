using BenchmarkDotNet.Attributes;
using CommunityToolkit.HighPerformance;
using Hpc.Loader;
using Hpc.Simd.Conversion;
using OpenCvSharp;

namespace Hpc.Bench.Kernels;

/// <summary>
/// What one loader worker does per distorted sample, on one core: the classic policy's random geometric transform
/// and random filter (drawn from (seed, epoch, sample) exactly as in the loader), then float16 conversion. Read the
/// img/s column; the target is 400,000 images/s at 64x64. The OpenCV row does the same kind of work with the same
/// mix of ops (parameters drawn in setup from the same ranges, maps and matrices prebuilt), so it is charged for
/// nothing but the kernels and the interop.
/// </summary>
public class FullDistortionBench : IDisposable
{
    /// <summary>Samples per benchmark operation: one batch, so every op and parameter range is exercised.</summary>
    private const int Samples = 256;
    private const int SourceImages = 16;
    private const ulong Seed = 1;

    private readonly AugmentationPolicy _policy = AugmentationPolicy.Classic(DistortionLayout.All);
    private byte[][] _sources = [];
    private Memory2D<byte>[] _alignedSources = [];
    private Memory2D<byte> _a;
    private Memory2D<byte> _b;
    private Memory<Half> _half;
    private OpenCvMix? _openCv;

    [Params(28, 64)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Cv2.SetNumThreads(1);
        _sources = [.. Enumerable.Range(0, SourceImages).Select(i => BenchImages.Random(Size, seed: 1000 + i))];
        _alignedSources = [.. Enumerable.Range(0, SourceImages).Select(i => BenchImages.Aligned(Size, seed: 1000 + i))];
        _a = BenchImages.Aligned(Size);
        _b = BenchImages.Aligned(Size);
        _half = BenchImages.AlignedHalves(Size * Size);
        _openCv = new OpenCvMix(Size, Samples, _sources);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples, Description = "Hpc (classic policy + f16)")]
    public void Hpc()
    {
        Span2D<byte> a = _a.Span;
        Span2D<byte> b = _b.Span;
        Span<Half> half = _half.Span;
        for (var sample = 0; sample < Samples; sample++)
        {
            ReadOnlySpan2D<byte> src = _alignedSources[sample % SourceImages].Span;
            var failedOp = -1;
            var distorted = _policy.Distort(src, a, b, Seed, epoch: 0, sample, Span<long>.Empty, ref failedOp);
            ToTensor.ToFloat16(distorted, half, Normalization.UnitRange);
        }
    }

    [Benchmark(OperationsPerInvoke = Samples, Description = "OpenCV (same op mix + f16)")]
    public void OpenCv() => _openCv!.Run();

    [GlobalCleanup]
    public void Dispose()
    {
        _openCv?.Dispose();
        _openCv = null;
        GC.SuppressFinalize(this);
    }
}
