using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The readable reference for <see cref="Affine"/>. Nearest follows Pillow 9.4 exactly (same engine choice, same 16.16
/// arithmetic); bilinear uses Pillow's double-precision sample points with 11-bit fixed-point weights (within +-1 of Pillow).
/// </summary>
public static class AffineScalar
{
    /// <summary>Warps <paramref name="src"/> into <paramref name="dst"/> through the inverse map <paramref name="m"/>.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, Interpolation interpolation, byte fill = 0)
    {
        Affine.Validate(src, dst, m, interpolation);
        Run(src, dst, m, interpolation, fill);
    }

    internal static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, Interpolation interpolation, byte fill)
    {
        if (interpolation == Interpolation.Nearest)
        {
            switch (PillowAffine.Classify(m, dst.Width, dst.Height))
            {
                case NearestMode.Scale:
                    PillowAffine.NearestScale(src, dst, m, fill);
                    break;
                case NearestMode.Fixed:
                    NearestFixed(src, dst, FixedAffine.From(m), fill);
                    break;
                default:
                    PillowAffine.NearestFloat(src, dst, m, fill);
                    break;
            }
        }
        else
        {
            Bilinear(src, dst, m, fill);
        }
    }

    /// <summary>Pillow's <c>affine_fixed</c>: the source pixel is (X &gt;&gt; 16, Y &gt;&gt; 16) when inside.</summary>
    internal static void NearestFixed(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, byte fill)
    {
        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            int xx = unchecked(f.XOrigin + (y * f.XPerY));
            int yy = unchecked(f.YOrigin + (y * f.YPerY));
            for (int x = 0; x < row.Length; x++)
            {
                int xin = xx >> 16;
                int yin = yy >> 16;
                row[x] = (uint)xin < (uint)src.Width && (uint)yin < (uint)src.Height ? src[yin, xin] : fill;
                xx = unchecked(xx + f.XPerX);
                yy = unchecked(yy + f.YPerX);
            }
        }
    }

    /// <summary>Fractional weights carry this many bits (value error below 0.25 grey levels before truncation).</summary>
    internal const int WeightBits = 11;

    /// <summary>
    /// Bilinear as Pillow's <c>bilinear_filter8</c>: the sample point is computed in doubles with Pillow's exact
    /// expression (so the inside test and the tap choice match it bit for bit), edges clamp (XCLIP/YCLIP), and only
    /// the blend is fixed point: weights floor(frac * 2048), exact int32 sum, truncated like Pillow's (UINT8) cast.
    /// Output differs from Pillow by at most one grey level.
    /// </summary>
    internal static void Bilinear(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, byte fill)
    {
        int w = src.Width;
        int h = src.Height;
        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            double yc = y + 0.5;
            for (int x = 0; x < row.Length; x++)
            {
                double xc = x + 0.5;
                double xin = (m.A * xc) + (m.B * yc) + m.C;
                double yin = (m.D * xc) + (m.E * yc) + m.F;
                if (!(xin >= 0.0 && xin < w && yin >= 0.0 && yin < h))
                {
                    row[x] = fill;
                    continue;
                }

                double xs = xin - 0.5;
                double ys = yin - 0.5;
                double xf = Math.Floor(xs);
                double yf = Math.Floor(ys);
                int xi = (int)xf;
                int yi = (int)yf;
                int fx = (int)Math.Floor((xs - xf) * (1 << WeightBits));
                int fy = (int)Math.Floor((ys - yf) * (1 << WeightBits));
                int x0 = Math.Clamp(xi, 0, w - 1);
                int x1 = Math.Clamp(xi + 1, 0, w - 1);
                ReadOnlySpan<byte> r0 = src.GetRowSpan(Math.Clamp(yi, 0, h - 1));
                ReadOnlySpan<byte> r1 = src.GetRowSpan(Math.Clamp(yi + 1, 0, h - 1));
                row[x] = Blend(r0[x0], r0[x1], r1[x0], r1[x1], fx, fy);
            }
        }
    }

    /// <summary>The shared integer bilinear blend: exact in int32 (at most 255 &lt;&lt; 22), then truncated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte Blend(int p00, int p01, int p10, int p11, int fx, int fy)
    {
        int top = (p00 << WeightBits) + ((p01 - p00) * fx);
        int bottom = (p10 << WeightBits) + ((p11 - p10) * fx);
        return (byte)(((top << WeightBits) + ((bottom - top) * fy)) >> (2 * WeightBits));
    }
}
