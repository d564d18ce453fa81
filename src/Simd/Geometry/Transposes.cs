using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>Pillow's exact quarter-turn fast paths (<c>ImagingRotate90/180/270</c>), which Image.rotate uses.</summary>
internal static class Transposes
{
    /// <summary>Counter-clockwise quarter turn: out[r, c] = in[c, w - 1 - r] (square images only reach here).</summary>
    public static void Rotate90(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        int w = src.Width;
        for (int r = 0; r < dst.Height; r++)
        {
            Span<byte> row = dst.GetRowSpan(r);
            int sc = w - 1 - r;
            for (int c = 0; c < row.Length; c++)
            {
                row[c] = src[c, sc];
            }
        }
    }

    /// <summary>Clockwise quarter turn: out[r, c] = in[h - 1 - c, r].</summary>
    public static void Rotate270(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        int h = src.Height;
        for (int r = 0; r < dst.Height; r++)
        {
            Span<byte> row = dst.GetRowSpan(r);
            for (int c = 0; c < row.Length; c++)
            {
                row[c] = src[h - 1 - c, r];
            }
        }
    }

    /// <summary>Half turn: each output row is a source row reversed.</summary>
    public static void Rotate180(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        int h = src.Height;
        for (int r = 0; r < h; r++)
        {
            Span<byte> row = dst.GetRowSpan(r);
            src.GetRowSpan(h - 1 - r).CopyTo(row);
            row.Reverse();
        }
    }
}
