using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The integer definition of <see cref="FusedAffine"/>. Tap coordinates are 16.16 fixed point, linear in the output
/// pixel: <c>T(x, y) = Origin + x * PerX + y * PerY</c> (one such triple per axis, each coefficient rounded once from
/// the composed matrix). Every path evaluates exactly these integers, so they agree bit for bit:
/// <list type="bullet">
/// <item>inside when the sample point <c>T - Bias + 0.5</c> lies in [0, size) on both axes, else <c>fill</c>;</item>
/// <item>taps at columns <c>T &gt;&gt; 16</c> and one more, clamped to the image (Pillow's edge rule), likewise rows;</item>
/// <item><see cref="WeightBits"/>-bit weights <c>(T &gt;&gt; (16 - WeightBits)) &amp; (2^WeightBits - 1)</c>, already
/// rounded to the nearest step by <see cref="Bias"/>, blended exactly by <see cref="Blend"/>.</item>
/// </list>
/// Seven bits (1/128 pixel) keep every intermediate within 16-bit lanes and the blend error below one grey level.
/// </summary>
internal readonly record struct FusedFixed(long XOrigin, long XPerX, long XPerY, long YOrigin, long YPerX, long YPerY)
{
    public const int WeightBits = 7;

    /// <summary>Half a weight step, so that truncating the coordinate to a weight rounds it.</summary>
    public const int Bias = 1 << (16 - WeightBits - 1);

    /// <summary>Added to a biased tap coordinate to give the sample point (the pixel-centre half step minus the bias).</summary>
    public const int InsideShift = 32768 - Bias;

    private const double MaxCoefficient = 1 << 30;

    // Coordinates of in-image pixels stay below this, so 32-bit lanes hold them and their differences.
    private const long MaxCoordinate = 1 << 29;

    public static FusedFixed From(in AffineMatrix m)
    {
        // Tap coordinate = sample point - 0.5, taken at the output pixel centre (x + 0.5, y + 0.5).
        double x0 = m.C + (0.5 * m.A) + (0.5 * m.B) - 0.5;
        double y0 = m.F + (0.5 * m.D) + (0.5 * m.E) - 0.5;
        return new FusedFixed(
            ToFixed(x0) + Bias, ToFixed(m.A), ToFixed(m.B),
            ToFixed(y0) + Bias, ToFixed(m.D), ToFixed(m.E));
    }

    private static long ToFixed(double v) => (long)Math.Round(Math.Clamp(v, -MaxCoefficient, MaxCoefficient) * 65536.0);

    /// <summary>
    /// True when every coordinate of a <paramref name="width"/> x <paramref name="height"/> output fits the 32-bit
    /// lanes of the vector paths with room for the inside test (the map is linear, so the corners bound it).
    /// </summary>
    public bool FitsInt32(int width, int height, int srcWidth, int srcHeight)
    {
        if (width > 1 << 20 || height > 1 << 20 || srcWidth > 16384 || srcHeight > 16384)
        {
            return false;
        }

        long w = width - 1;
        long h = height - 1;
        return Small(XOrigin) && Small(XOrigin + (w * XPerX)) && Small(XOrigin + (h * XPerY)) && Small(XOrigin + (w * XPerX) + (h * XPerY)) &&
            Small(YOrigin) && Small(YOrigin + (w * YPerX)) && Small(YOrigin + (h * YPerY)) && Small(YOrigin + (w * YPerX) + (h * YPerY));
    }

    private static bool Small(long v) => Math.Abs(v) < MaxCoordinate;

    /// <summary>
    /// The exact blend, equal to <c>(top * (128 - fy) + bottom * fy + 8192) &gt;&gt; 14</c> with
    /// <c>top = p00 * (128 - fx) + p01 * fx</c> (likewise bottom): integer, so any exact re-association matches it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Blend(int p00, int p01, int p10, int p11, int fx, int fy)
    {
        const int one = 1 << WeightBits;
        int top = (p00 * (one - fx)) + (p01 * fx);
        int bottom = (p10 * (one - fx)) + (p11 * fx);
        return (byte)(((top * (one - fy)) + (bottom * fy) + (1 << ((2 * WeightBits) - 1))) >> (2 * WeightBits));
    }

    /// <summary>The reference loop (64-bit coordinates, so it is also the shared route when the 32-bit lanes do not fit).</summary>
    public static void Scalar(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, byte fill)
    {
        int w = src.Width;
        int h = src.Height;
        long wLimit = (long)w << 16;
        long hLimit = (long)h << 16;
        const int mask = (1 << WeightBits) - 1;
        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            long tx = f.XOrigin + (y * f.XPerY);
            long ty = f.YOrigin + (y * f.YPerY);
            for (int x = 0; x < row.Length; x++, tx += f.XPerX, ty += f.YPerX)
            {
                long sx = tx + InsideShift;
                long sy = ty + InsideShift;
                if (sx < 0 || sx >= wLimit || sy < 0 || sy >= hLimit)
                {
                    row[x] = fill;
                    continue;
                }

                int xs = (int)(tx >> 16);
                int ys = (int)(ty >> 16);
                int fx = (int)(tx >> (16 - WeightBits)) & mask;
                int fy = (int)(ty >> (16 - WeightBits)) & mask;
                int x0 = Math.Max(xs, 0);
                int x1 = Math.Min(xs + 1, w - 1);
                ReadOnlySpan<byte> r0 = src.GetRowSpan(Math.Max(ys, 0));
                ReadOnlySpan<byte> r1 = src.GetRowSpan(Math.Min(ys + 1, h - 1));
                row[x] = Blend(r0[x0], r0[x1], r1[x0], r1[x1], fx, fy);
            }
        }
    }
}
