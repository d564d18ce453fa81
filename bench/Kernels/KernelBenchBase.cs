using BenchmarkDotNet.Attributes;
using CommunityToolkit.HighPerformance;
using Hpc.Simd;
using OpenCvSharp;
using CvScalar = OpenCvSharp.Scalar;

namespace Hpc.Bench.Kernels;

/// <summary>
/// One table per kernel: our scalar reference twin (the baseline), our kernel forced onto each path (Scalar
/// included: the kernel's own scalar loop, not the reference), and OpenCV (through OpenCvSharp, one thread) doing
/// the same job. Paths the machine lacks are filtered out by category. Every operation processes one Size x Size
/// uint8 image; buffers, Mats and InputArray wrappers are made once in setup, so the only per-call allocation is
/// the OutputArray wrapper OpenCvSharp itself creates and disposes.
/// </summary>
public abstract class KernelBenchBase : IDisposable
{
    private Memory2D<byte> _src;
    private Memory2D<byte> _dst;

    [Params(28, 64)]
    public int Size { get; set; }

    /// <summary>The source image, 64-byte aligned like the loader's planes (see <see cref="BenchImages.Aligned"/>).</summary>
    protected ReadOnlySpan2D<byte> Source => _src.Span;

    protected Span2D<byte> Destination => _dst.Span;

    /// <summary>The source image as an OpenCV Mat (same bytes as <see cref="Source"/>).</summary>
    protected Mat SrcMat { get; private set; } = new();

    /// <summary>
    /// A Size x Size CV_8UC1 destination. Passed as a Mat: OpenCvSharp disposes every OutputArray after the call
    /// (OutputArray.Fix), so the small wrapper it makes per call is part of the interop cost being measured.
    /// </summary>
    protected Mat DstMat { get; private set; } = new();

    protected InputArray CvSrc { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        Cv2.SetNumThreads(1);
        _src = BenchImages.Aligned(Size, seed: 42 + Size);
        _dst = BenchImages.Aligned(Size);
        SrcMat = CvMats.Image(BenchImages.Random(Size, seed: 42 + Size), Size);
        DstMat = new Mat(Size, Size, MatType.CV_8UC1, CvScalar.All(0));
        CvSrc = InputArray.Create(SrcMat);
        OnSetup();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(nameof(SimdPath.Scalar))]
    public void Reference() => RunReference();

    [Benchmark]
    [BenchmarkCategory(nameof(SimdPath.Scalar))]
    public void Scalar() => Run(SimdPath.Scalar);

    [Benchmark]
    [BenchmarkCategory(nameof(SimdPath.Vector128))]
    public void Vector128() => Run(SimdPath.Vector128);

    [Benchmark]
    [BenchmarkCategory(nameof(SimdPath.Vector256))]
    public void Vector256() => Run(SimdPath.Vector256);

    [Benchmark]
    [BenchmarkCategory(nameof(SimdPath.Vector512))]
    public void Vector512() => Run(SimdPath.Vector512);

    [Benchmark(Description = "OpenCV")]
    [BenchmarkCategory("OpenCV")]
    public void OpenCv() => RunOpenCv();

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Per-kernel setup after the shared buffers exist (parameters, extra Mats).</summary>
    protected virtual void OnSetup()
    {
    }

    /// <summary>The readable scalar twin (<c>&lt;Kernel&gt;Scalar.Apply</c>), the specification every path matches.</summary>
    protected abstract void RunReference();

    /// <summary>Our kernel on the given path, <see cref="Source"/> into <see cref="Destination"/>.</summary>
    protected abstract void Run(SimdPath path);

    /// <summary>The OpenCV equivalent, <see cref="CvSrc"/> into <see cref="DstMat"/> or its own Mats.</summary>
    protected abstract void RunOpenCv();

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        CvSrc?.Dispose();
        SrcMat.Dispose();
        DstMat.Dispose();
    }
}
