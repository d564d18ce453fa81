using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>How Pillow 9.4 <c>ImagingTransformAffine</c> runs a NEAREST affine map.</summary>
internal enum NearestMode
{
    /// <summary>B == 0 and D == 0: <c>ImagingScaleAffine</c>, per-column table built by accumulating doubles.</summary>
    Scale,

    /// <summary>All four output corners map inside +-32768: <c>affine_fixed</c>, 16.16 integer accumulation.</summary>
    Fixed,

    /// <summary>The rare remainder: double accumulation per pixel.</summary>
    Float,
}

/// <summary>
/// The 16.16 fixed-point form of an affine map, evaluated at output pixel centres:
/// X(x, y) = XOrigin + x * XPerX + y * XPerY (and likewise Y). The hot loops of every path use these integers, which is
/// what makes them bit-identical.
/// </summary>
internal readonly record struct FixedAffine(int XPerX, int XPerY, int XOrigin, int YPerX, int YPerY, int YOrigin)
{
    /// <summary>Pillow's <c>affine_fixed</c> coefficients: FIX of the steps and of the map at the first pixel centre.</summary>
    public static FixedAffine From(in AffineMatrix m) => new(
        PillowAffine.Fix(m.A),
        PillowAffine.Fix(m.B),
        PillowAffine.Fix(m.C + (m.A * 0.5) + (m.B * 0.5)),
        PillowAffine.Fix(m.D),
        PillowAffine.Fix(m.E),
        PillowAffine.Fix(m.F + (m.D * 0.5) + (m.E * 0.5)));
}

/// <summary>
/// Pillow 9.4 <c>src/libImaging/Geometry.c</c> semantics that are not hot enough to vectorise: mode selection, the
/// scale-only and floating-point nearest engines. Every SIMD path calls these same methods for those cases, so they stay bit-identical.
/// </summary>
internal static class PillowAffine
{
    /// <summary>Pillow's FLOOR macro: truncation for non-negative values, floor otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Floor(double v) => v < 0.0 ? (int)Math.Floor(v) : (int)v;

    /// <summary>Pillow's FIX macro: round to 16.16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Fix(double v) => Floor((v * 65536.0) + 0.5);

    /// <summary>Pillow's COORD macro: every negative coordinate becomes -1 (outside), others truncate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Coord(double v) => v < 0.0 ? -1 : (int)v;

    private static bool CheckFixed(in AffineMatrix m, int x, int y) =>
        Math.Abs((x * m.A) + (y * m.B) + m.C) < 32768.0 && Math.Abs((x * m.D) + (y * m.E) + m.F) < 32768.0;

    /// <summary>Pillow's <c>check_fixed</c> on the four corners of the output box.</summary>
    public static bool CornersFitFixed(in AffineMatrix m, int width, int height) =>
        CheckFixed(m, 0, 0) && CheckFixed(m, width, height) && CheckFixed(m, 0, height) && CheckFixed(m, width, 0);

    public static NearestMode Classify(in AffineMatrix m, int dstWidth, int dstHeight)
    {
        if (m.B == 0 && m.D == 0)
        {
            return NearestMode.Scale;
        }

        return CornersFitFixed(m, dstWidth, dstHeight) ? NearestMode.Fixed : NearestMode.Float;
    }

    /// <summary><c>ImagingScaleAffine</c>: one column table, one row index per output row.</summary>
    public static void NearestScale(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, byte fill)
    {
        int outW = dst.Width;
        Span<int> xintab = outW <= 1024 ? stackalloc int[outW] : Scratch.Ints(outW);
        xintab.Clear();
        double xo = m.C + (m.A * 0.5);
        double yo = m.F + (m.E * 0.5);
        int xmin = outW;
        int xmax = 0;
        for (int x = 0; x < outW; x++)
        {
            int xin = Coord(xo);
            if (xin >= 0 && xin < src.Width)
            {
                xmax = x + 1;
                if (x < xmin)
                {
                    xmin = x;
                }

                xintab[x] = xin;
            }

            xo += m.A;
        }

        bool contiguous = xmin < xmax && xintab[xmax - 1] - xintab[xmin] == xmax - 1 - xmin;
        for (int y = 0; y < dst.Height; y++)
        {
            int yi = Coord(yo);
            Span<byte> row = dst.GetRowSpan(y);
            row.Fill(fill);
            if (yi >= 0 && yi < src.Height && xmin < xmax)
            {
                ReadOnlySpan<byte> inRow = src.GetRowSpan(yi);
                if (contiguous && m.A > 0)
                {
                    // Identity-like scales (the common "no-op" transform) are a plain copy of one run.
                    inRow.Slice(xintab[xmin], xmax - xmin).CopyTo(row[xmin..]);
                }
                else
                {
                    for (int x = xmin; x < xmax; x++)
                    {
                        row[x] = inRow[xintab[x]];
                    }
                }
            }

            yo += m.E;
        }
    }

    /// <summary>The floating-point branch of <c>ImagingTransformAffine</c>, kept for parity on huge coordinates.</summary>
    public static void NearestFloat(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, byte fill)
    {
        double xo = m.C + (m.B * 0.5) + (m.A * 0.5);
        double yo = m.F + (m.E * 0.5) + (m.D * 0.5);
        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            double xx = xo;
            double yy = yo;
            for (int x = 0; x < row.Length; x++)
            {
                byte value = fill;
                int xin = Coord(xx);
                if (xin >= 0 && xin < src.Width)
                {
                    int yin = Coord(yy);
                    if (yin >= 0 && yin < src.Height)
                    {
                        value = src[yin, xin];
                    }
                }

                row[x] = value;
                xx += m.A;
                yy += m.D;
            }

            xo += m.B;
            yo += m.E;
        }
    }
}
