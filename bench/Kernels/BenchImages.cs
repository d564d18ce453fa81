using CommunityToolkit.HighPerformance;

namespace Hpc.Bench.Kernels;

/// <summary>Inputs and parameters shared by the C# benchmarks and native/opencv-bench/main.cpp (keep them equal).</summary>
internal static class BenchImages
{
    public const double RotateDegrees = 15.0;
    public const double ShearX = 0.2;
    public const double ShearY = 0.1;
    public const double Scale = 0.8;
    public const double SineAmplitude = 3.0;
    public const double SineFrequency = 1.0 / 32;
    public const float GaussianRadius = 1.0f;

    /// <summary>
    /// Random bytes, not a smooth photo: none of the kernels branches on pixel values, and noise keeps any
    /// accidental data-dependence (e.g. a skipped zero row) from flattering a path.
    /// </summary>
    public static byte[] Random(int size, int seed)
    {
        var image = new byte[size * size];
        new Random(seed).NextBytes(image);
        return image;
    }

    /// <summary>
    /// A size x size plane starting on a 64-byte boundary (pinned, so it stays there), holding <see cref="Random"/>'s
    /// bytes when a seed is given. The loader's planes and dataset rows are 64-byte aligned, so the benchmarks are
    /// too; a GC array's start moves with every run, and 64-byte rows that straddle cache lines made results jump
    /// by up to 25% from one process to the next.
    /// </summary>
    public static Memory2D<byte> Aligned(int size, int? seed = null)
    {
        byte[] buffer = GC.AllocateArray<byte>((size * size) + 64, pinned: true);
        var plane = new Memory2D<byte>(buffer, AlignedStart(buffer), size, size, 0);
        if (seed is int s)
        {
            new ReadOnlySpan2D<byte>(Random(size, s), size, size).CopyTo(plane.Span);
        }

        return plane;
    }

    /// <summary>A 64-byte aligned run of <paramref name="length"/> halves (pinned).</summary>
    public static Memory<Half> AlignedHalves(int length)
    {
        Half[] buffer = GC.AllocateArray<Half>(length + 32, pinned: true);
        return buffer.AsMemory(AlignedStart(buffer), length);
    }

    /// <summary>A 64-byte aligned run of <paramref name="length"/> floats (pinned).</summary>
    public static Memory<float> AlignedFloats(int length)
    {
        float[] buffer = GC.AllocateArray<float>(length + 16, pinned: true);
        return buffer.AsMemory(AlignedStart(buffer), length);
    }

    private static unsafe int AlignedStart<T>(T[] pinned)
        where T : unmanaged
    {
        fixed (T* p = pinned)
        {
            return (int)((64 - ((nint)p & 63)) & 63) / sizeof(T);
        }
    }

    /// <summary>The scaled size and centring offset of the scale-translate benchmark.</summary>
    public static (int Scaled, int Offset) ScaleTranslateGeometry(int size)
    {
        var scaled = (int)Math.Round(size * Scale, MidpointRounding.AwayFromZero);
        return (scaled, (size - scaled) / 2);
    }
}
