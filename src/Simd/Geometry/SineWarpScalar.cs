using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>The scalar reference of <see cref="SineWarp"/>.</summary>
public static class SineWarpScalar
{
    /// <summary>Rolls every column by its sine shift, exactly as numpy's np.roll loop does.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        SineWarp.Validate(src, dst, amplitude, frequency);
        Run(src, dst, amplitude, frequency);
    }

    internal static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        int h = src.Height;
        for (int x = 0; x < src.Width; x++)
        {
            int shift = SineWarp.Shift(x, amplitude, frequency);
            for (int y = 0; y < h; y++)
            {
                long from = (y - (long)shift) % h;
                dst[y, x] = src[(int)(from < 0 ? from + h : from), x];
            }
        }
    }
}
