using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The classic generator's sine distortion (a numpy loop): column x is rolled down by
/// <c>shift(x) = (int)(amplitude * sin(-2 pi x frequency))</c> with wrap-around,
/// <c>dst[y, x] = src[(y - shift(x)) mod h, x]</c>. Pure data movement, so every path is exact.
/// </summary>
public static class SineWarp
{
    /// <summary>Warps on the widest SIMD path this machine accelerates.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency) =>
        Apply(src, dst, amplitude, frequency, SimdDispatch.Best);

    /// <summary>Warps on a forced path (tests, benchmarks).</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        Validate(src, dst, amplitude, frequency);
        switch (path)
        {
            case SimdPath.Vector512:
                SineWarpVector512.Run(src, dst, amplitude, frequency);
                break;
            case SimdPath.Vector256:
                SineWarpVector256.Run(src, dst, amplitude, frequency);
                break;
            case SimdPath.Vector128:
                SineWarpVector128.Run(src, dst, amplitude, frequency);
                break;
            default:
                SineWarpScalar.Run(src, dst, amplitude, frequency);
                break;
        }
    }

    internal static void Validate(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        GeometryGuard.SameSize(src, dst);
        GeometryGuard.Finite(amplitude, nameof(amplitude));
        GeometryGuard.Finite(frequency, nameof(frequency));
    }

    /// <summary>The contract's shift, truncated toward zero like C# and Python int(); saturates for absurd amplitudes.</summary>
    internal static int Shift(int x, double amplitude, double frequency) =>
        (int)(amplitude * Math.Sin(-2 * Math.PI * x * frequency));

    /// <summary>
    /// Per column, the source row of output row 0: <c>(-shift) mod h</c> in [0, h). Output row y then reads row
    /// <c>start + y</c>, minus h once it wraps.
    /// </summary>
    internal static void StartRows(Span<int> starts, int height, double amplitude, double frequency)
    {
        for (int x = 0; x < starts.Length; x++)
        {
            long r = -(long)Shift(x, amplitude, frequency) % height;
            starts[x] = (int)(r < 0 ? r + height : r);
        }
    }

    /// <summary>Copies columns [c, c + count) one by one (blocks with many distinct shifts).</summary>
    internal static void Columns(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ReadOnlySpan<int> starts, int c, int count)
    {
        int h = src.Height;
        for (int x = c; x < c + count; x++)
        {
            int r = starts[x];
            for (int y = 0; y < h; y++)
            {
                dst[y, x] = src[r, x];
                r = r + 1 == h ? 0 : r + 1;
            }
        }
    }

}
