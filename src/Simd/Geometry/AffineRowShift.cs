using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow's fixed-point nearest warp (<see cref="AffineScalar.NearestFixed"/>) when the map moves along rows only: the
/// x step is exactly one source pixel and y does not change along a row. Then X &gt;&gt; 16 at column x is
/// (X0 &gt;&gt; 16) + x (adding whole multiples of 2^16 leaves the fraction bits alone, and Pillow's fixed mode keeps
/// every coordinate far from overflow), so each output row is one source row shifted by a whole number of pixels,
/// with the fill where it leaves the source: a copy, not a per-pixel lookup. A horizontal shear (Pillow
/// <c>(1, sx, 0, 0, 1, 0)</c>, the classic policy's) is this case, with or without a vertical offset.
/// </summary>
internal static class AffineRowShift
{
    private const int OnePixel = 1 << 16;

    public static bool Applies(FixedAffine f) => f.XPerX == OnePixel && f.YPerX == 0;

    /// <summary>
    /// Runs the shift. With <paramref name="masked"/> (the 512-bit path) rows go in 64-byte blocks of
    /// fault-suppressing masked loads merged into the fill, so nothing outside the source row is read; otherwise each
    /// row is a fill and a span copy.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, byte fill, bool masked)
    {
        if (masked && Avx512BW.IsSupported && dst.Width <= Vector512<byte>.Count)
        {
            NarrowRows(src, dst, f, fill);
            return;
        }

        int w = src.Width, h = src.Height, outW = dst.Width;
        Vector512<byte> fillV = Vector512.Create(fill);
        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            (int yin, int shift) = Source(f, y);
            if ((uint)yin >= (uint)h)
            {
                row.Fill(fill);
                continue;
            }

            ReadOnlySpan<byte> line = src.GetRowSpan(yin);
            if (masked && Avx512BW.IsSupported)
            {
                unsafe
                {
                    fixed (byte* from = line, to = row)
                    {
                        for (int x = 0; x < outW; x += Vector512<byte>.Count)
                        {
                            Vector512<byte> pixels = Block(from, w, x + shift, fillV);
                            Avx512BW.MaskStore(to + x, Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)Math.Min(outW - x, 64))), pixels);
                        }
                    }
                }

                continue;
            }

            // Output columns [first, end) read source columns [first + shift, end + shift), all inside the row.
            int first = Math.Clamp(-shift, 0, outW);
            int end = Math.Clamp(w - shift, first, outW);
            row[..first].Fill(fill);
            if (end > first)
            {
                line.Slice(first + shift, end - first).CopyTo(row[first..end]);
            }

            row[end..].Fill(fill);
        }
    }

    /// <summary>
    /// Destination rows of at most 64 pixels, one block each. Each row is loaded before the row above it is stored:
    /// a load issued after a store whose address matches it in the low 12 bits (source and destination 4 KiB apart,
    /// as two 64x64 images often are) waits for that store. Loading and storing row by row measured 494-527 ns a
    /// 64x64 shear against 321-334 ns this way, in one harness.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void NarrowRows(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, byte fill)
    {
        int w = src.Width, h = src.Height;
        nint srcStride = ImageLayout.Stride(src), dstStride = ImageLayout.Stride(dst);
        Vector512<byte> fillV = Vector512.Create(fill);
        Vector512<byte> store = Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)dst.Width));
        fixed (byte* from = &src.DangerousGetReference(), to = &dst.DangerousGetReference())
        {
            Vector512<byte> pixels = Row(from, srcStride, w, h, f, 0, fillV);
            for (int y = 0; y < dst.Height; y++)
            {
                Vector512<byte> next = y + 1 < dst.Height ? Row(from, srcStride, w, h, f, y + 1, fillV) : fillV;
                Avx512BW.MaskStore(to + (y * dstStride), store, pixels);
                pixels = next;
            }
        }
    }

    /// <summary>Output row <paramref name="y"/>'s first 64 pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<byte> Row(byte* src, nint srcStride, int w, int h, FixedAffine f, int y, Vector512<byte> fill)
    {
        (int yin, int shift) = Source(f, y);
        return (uint)yin < (uint)h ? Block(src + (yin * srcStride), w, shift, fill) : fill;
    }

    /// <summary>Output row y's source row and the source column of its pixel 0, as the scalar loop sums them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Row, int Shift) Source(FixedAffine f, int y) =>
        (unchecked(f.YOrigin + (y * f.YPerY)) >> 16, unchecked(f.XOrigin + (y * f.XPerY)) >> 16);

    /// <summary>
    /// 64 pixels of a shifted row: lane j takes source column <paramref name="from"/> + j where that lies in the row,
    /// else the fill. The load address may point outside the row; masked-off lanes are never read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<byte> Block(byte* line, int w, int from, Vector512<byte> fill)
    {
        // Bounds clamped to [0, 64] fit the byte lanes.
        Vector512<byte> lanes = Vector512<byte>.Indices;
        Vector512<byte> start = Vector512.Create((byte)Math.Clamp(-from, 0, 64));
        Vector512<byte> stop = Vector512.Create((byte)Math.Clamp(w - from, 0, 64));
        Vector512<byte> inside = Vector512.GreaterThanOrEqual(lanes, start) & Vector512.LessThan(lanes, stop);
        return Avx512BW.MaskLoad(line + from, inside, fill);
    }
}
