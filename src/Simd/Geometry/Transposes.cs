using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>Pillow's exact quarter-turn fast paths (<c>ImagingRotate90/180/270</c>), which Image.rotate uses.</summary>
internal static class Transposes
{
    /// <summary>Counter-clockwise quarter turn: out[w - 1 - x, y] = in[y, x] (square images only reach here).</summary>
    [SkipLocalsInit]
    public static void Rotate90(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        int w = src.Width;
        nint dstStride = ImageLayout.Stride(dst);
        ref byte last = ref dst.DangerousGetReferenceAt(w - 1, 0);
        for (int y = 0; y < src.Height; y++)
        {
            // Source rows are read contiguously; each lands in one output column, bottom to top.
            ref byte inRow = ref src.DangerousGetReferenceAt(y, 0);
            ref byte column = ref Unsafe.Add(ref last, y);
            for (int x = 0; x < w; x++)
            {
                Unsafe.Subtract(ref column, x * dstStride) = Unsafe.Add(ref inRow, x);
            }
        }
    }

    /// <summary>Clockwise quarter turn: out[x, h - 1 - y] = in[y, x].</summary>
    [SkipLocalsInit]
    public static void Rotate270(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        int h = src.Height;
        nint dstStride = ImageLayout.Stride(dst);
        ref byte first = ref dst.DangerousGetReferenceAt(0, 0);
        for (int y = 0; y < h; y++)
        {
            ref byte inRow = ref src.DangerousGetReferenceAt(y, 0);
            ref byte column = ref Unsafe.Add(ref first, h - 1 - y);
            for (int x = 0; x < src.Width; x++)
            {
                Unsafe.Add(ref column, x * dstStride) = Unsafe.Add(ref inRow, x);
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
