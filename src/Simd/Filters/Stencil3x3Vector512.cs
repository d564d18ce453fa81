using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX-512BW kernels of the 3x3 filters. Rows of 34 pixels and more are walked as strips down the image:
/// <see cref="Rows{TOperator}"/> keeps 64 columns in byte-parity words (no widening shuffles); the strips of
/// <see cref="Stencil3x3Strips{TLanes}"/> with <see cref="StencilLanes512"/> widen 32 columns to 16-bit lanes
/// (vpmovzxbw loads, a pack and a permute: five shuffle uops per 32 pixels on the one port that runs them), twice the
/// shuffles per pixel, but for widths just past a multiple of 64 (96, 130, 160) fewer lanes: <see cref="UseRows"/>
/// picks. Narrower images run <see cref="Row{TOperator}"/> over their flat interior, 32 or 64 pixels per step whatever
/// the row length.
/// </summary>
[SkipLocalsInit]
internal static class Stencil3x3Vector512
{
    /// <summary>
    /// One row's interior: 64 pixels per step in byte-parity words (see <see cref="Rows{TOperator}"/>), or for runs
    /// of 32-63 pixels 32-pixel steps in 16-bit lanes packed back with one vpackuswb and one vpermq, each with an
    /// overlapped final step; runs under 32 pixels go to the 256-bit kernel. The driver runs it over the flat interior
    /// of images narrower than 34 pixels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row<TOperator>(ref byte up, ref byte mid, ref byte down, ref byte dst, int n)
        where TOperator : IStencil3x3Operator
    {
        if (n < 32)
        {
            Stencil3x3Vector256.Row<TOperator>(ref up, ref mid, ref down, ref dst, n);
            return;
        }

        if (n >= 64)
        {
            // 64 pixels per step in byte-parity words, as in Rows: the three lines' triple sums from loads one column
            // left and right, no widening, no pack.
            Vector512<ushort> lowBytes = Vector512.Create((ushort)0x00FF);
            int last = n - 64;
            for (int x = 0; ; x += 64)
            {
                // Recomputing a few pixels in an overlapped final step is cheaper than a scalar tail; dst never aliases src.
                x = Math.Min(x, last);
                Triples(ref Unsafe.Add(ref up, x), lowBytes, out Vector512<ushort> evenUp, out Vector512<ushort> oddUp, out _);
                Triples(ref Unsafe.Add(ref mid, x), lowBytes, out Vector512<ushort> evenMid, out Vector512<ushort> oddMid, out Vector512<byte> pixels);
                Triples(ref Unsafe.Add(ref down, x), lowBytes, out Vector512<ushort> evenDown, out Vector512<ushort> oddDown, out _);
                Merge<TOperator>(evenUp + evenMid + evenDown, oddUp + oddMid + oddDown, pixels, lowBytes).StoreUnsafe(ref Unsafe.Add(ref dst, x));
                if (x == last)
                {
                    break;
                }
            }

            return;
        }

        // vpackuswb interleaves the two halves per 128-bit lane; this qword order restores pixel order.
        Vector512<long> order = Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7);

        for (int x = 0; ; x += 32)
        {
            x = Math.Min(x, n - 32);
            Vector512<short> pixels = Pixels<TOperator>(ref up, ref mid, ref down, x).AsInt16();
            Vector512<byte> packed = Avx512BW.PackUnsignedSaturate(pixels, pixels);
            Avx512F.PermuteVar8x64(packed.AsInt64(), order).AsByte().GetLower().StoreUnsafe(ref Unsafe.Add(ref dst, x));
            if (x == n - 32)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Rows{TOperator}"/> (64 lanes per strip, all rows and edges) beats the 32-lane interior strips of
    /// <see cref="Stencil3x3Strips{TLanes}"/> on a row of at least 34 pixels: when its strips hold no more lanes.
    /// </summary>
    public static bool UseRows(int w) => (w + 63) / 64 * 2 <= (w - 2 + 31) / 32;

    /// <summary>
    /// Every row from 1 to h - 2 of an image at least 3 pixels wide, edge columns included, in strips of 64 source
    /// columns walked down the rows. A strip's 64 pixels stay in their byte register, read as 32 words: the low bytes
    /// are the even columns and the high bytes the odd ones, so the horizontal triple sums of both parities come from
    /// the strip and its copies one column to the left and right with masks, shifts and adds (no widening shuffles),
    /// and the two results merge back as low | high &lt;&lt; 8 in pixel order (no pack, no permute). Each row's triple
    /// sums are computed once and the vertical sum reuses the previous pair. The copies one column left and right
    /// read past the strip into the row, so every lane has its neighbours: strips start 64 apart, the last one flush
    /// with the right edge (overlapping the one before), and only the image's edge columns, which Pillow copies, are
    /// blended in from the source row; there is no scalar edge loop. Reads stay inside the image: whole-vector reads
    /// run past a narrow row into the next ones (those lanes are not stored), and the first row of the first strip and
    /// the rows whose reads would pass the image's last byte take fault-suppressing masked loads instead. dst never
    /// aliases src.
    /// </summary>
    public static unsafe void Rows<TOperator>(byte* src, nint srcPitch, byte* dst, nint dstPitch, int w, int h)
        where TOperator : IStencil3x3Operator
    {
        if (w >= Vector512<byte>.Count)
        {
            Rows<TOperator, WholeRow>(src, srcPitch, dst, dstPitch, w, h);
        }
        else
        {
            Rows<TOperator, MaskedRow>(src, srcPitch, dst, dstPitch, w, h);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Rows<TOperator, TStore>(byte* src, nint srcPitch, byte* dst, nint dstPitch, int w, int h)
        where TOperator : IStencil3x3Operator
        where TStore : struct, IRowAccess
    {
        Vector512<ushort> lowBytes = Vector512.Create((ushort)0x00FF);
        for (int b0 = 0; ; b0 += Vector512<byte>.Count)
        {
            int b = Math.Max(Math.Min(b0, w - Vector512<byte>.Count), 0);
            int n = Math.Min(w - b, Vector512<byte>.Count);
            bool lastStrip = b + Vector512<byte>.Count >= w;
            // Which of the strip's 64 bytes exist in the row, one column to the left of it and one to the right, and
            // which are the image's edge columns.
            Vector512<byte> k = Vector512<byte>.Indices;
            Vector512<byte> inRow = Vector512.LessThan(k, Vector512.Create((byte)n));
            Vector512<byte> first = b == 0 ? Vector512.Equals(k, Vector512<byte>.Zero) : Vector512<byte>.Zero;
            Vector512<byte> leftMask = inRow & ~first;
            Vector512<byte> rightMask = lastStrip ? Vector512.LessThan(k, Vector512.Create((byte)(n - 1))) : inRow;
            Vector512<byte> edgeMask = first | (lastStrip ? Vector512.Equals(k, Vector512.Create((byte)(n - 1))) : Vector512<byte>.Zero);
            // Rows from here on would read past the image's last byte with whole vectors (row y reads bytes
            // y * pitch + b - 1 to y * pitch + b + 64); row 0 of the first strip would read before its first byte.
            long lastByte = ((long)(h - 1) * srcPitch) + w - 1;
            long room = lastByte - b - Vector512<byte>.Count;
            long masked = room < 0 ? 0 : (room / srcPitch) + 1;

            byte* column = src + b;
            Strip(column, inRow, leftMask, rightMask, b == 0 || masked == 0, lowBytes, out Vector512<ushort> evenPrev, out Vector512<ushort> oddPrev, out _);
            Strip(column + srcPitch, inRow, leftMask, rightMask, masked <= 1, lowBytes, out Vector512<ushort> evenCur, out Vector512<ushort> oddCur, out Vector512<byte> pixels);
            Vector512<ushort> evenPair = evenPrev + evenCur, oddPair = oddPrev + oddCur;
            Vector512<ushort> evenNext = default, oddNext = default;
            Vector512<byte> nextPixels = default;
            int y = 1;
            for (; y + 1 < h - 1; y += 2)
            {
                // Two rows a step, the current and next rows' registers swapping roles: copying them back each row
                // cost three vector moves per row.
                OutputRow<TOperator, TStore>(column, srcPitch, dst + b, dstPitch, y, masked, inRow, leftMask, rightMask, edgeMask, lowBytes,
                    ref evenPair, ref oddPair, ref evenCur, ref oddCur, ref pixels, ref evenNext, ref oddNext, ref nextPixels);
                OutputRow<TOperator, TStore>(column, srcPitch, dst + b, dstPitch, y + 1, masked, inRow, leftMask, rightMask, edgeMask, lowBytes,
                    ref evenPair, ref oddPair, ref evenNext, ref oddNext, ref nextPixels, ref evenCur, ref oddCur, ref pixels);
            }

            if (y < h - 1)
            {
                OutputRow<TOperator, TStore>(column, srcPitch, dst + b, dstPitch, y, masked, inRow, leftMask, rightMask, edgeMask, lowBytes,
                    ref evenPair, ref oddPair, ref evenCur, ref oddCur, ref pixels, ref evenNext, ref oddNext, ref nextPixels);
            }

            if (lastStrip)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Output row y of a strip of <see cref="Rows{TOperator}"/>: reads source row y + 1 into the next row's registers,
    /// writes the row, and leaves the pair sums of rows y and y + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void OutputRow<TOperator, TStore>(
        byte* column, nint srcPitch, byte* dst, nint dstPitch, int y, long masked,
        Vector512<byte> inRow, Vector512<byte> leftMask, Vector512<byte> rightMask, Vector512<byte> edgeMask, Vector512<ushort> lowBytes,
        ref Vector512<ushort> evenPair, ref Vector512<ushort> oddPair,
        ref Vector512<ushort> evenCur, ref Vector512<ushort> oddCur, ref Vector512<byte> pixels,
        ref Vector512<ushort> evenNext, ref Vector512<ushort> oddNext, ref Vector512<byte> nextPixels)
        where TOperator : IStencil3x3Operator
        where TStore : struct, IRowAccess
    {
        Strip(column + ((y + 1) * srcPitch), inRow, leftMask, rightMask, y + 1 >= masked, lowBytes, out evenNext, out oddNext, out nextPixels);
        Vector512<byte> result = Merge<TOperator>(evenPair + evenNext, oddPair + oddNext, pixels, lowBytes);
        result = Vector512.ConditionalSelect(edgeMask, pixels, result);
        TStore.Store(dst + (y * dstPitch), inRow, result);
        evenPair = evenCur + evenNext;
        oddPair = oddCur + oddNext;
    }

    /// <summary>The horizontal triple sums of one row's strip, even columns and odd ones apart (<see cref="Sums"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Strip(byte* p, Vector512<byte> inRow, Vector512<byte> leftMask, Vector512<byte> rightMask, bool masked, Vector512<ushort> lowBytes, out Vector512<ushort> even, out Vector512<ushort> odd, out Vector512<byte> pixels)
    {
        Vector512<byte> leftBytes, rightBytes;
        if (masked)
        {
            pixels = Avx512BW.MaskLoad(p, inRow, Vector512<byte>.Zero);
            leftBytes = Avx512BW.MaskLoad(p - 1, leftMask, Vector512<byte>.Zero);
            rightBytes = Avx512BW.MaskLoad(p + 1, rightMask, Vector512<byte>.Zero);
        }
        else
        {
            // Bytes past the row (the row before's last, the next rows' first, padding) only reach the edge columns'
            // sums and lanes past a narrow row, neither of which is stored.
            pixels = Vector512.Load(p);
            leftBytes = Vector512.Load(p - 1);
            rightBytes = Vector512.Load(p + 1);
        }

        Sums(pixels, leftBytes, rightBytes, lowBytes, out even, out odd);
    }

    /// <summary>
    /// The horizontal triple sums at the 64 pixels from <paramref name="centre"/>, even and odd columns apart (as in
    /// <see cref="Strip"/>, from plain loads one column either side: the caller's line has a pixel on both sides).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Triples(ref byte centre, Vector512<ushort> lowBytes, out Vector512<ushort> even, out Vector512<ushort> odd, out Vector512<byte> pixels)
    {
        pixels = Vector512.LoadUnsafe(ref centre);
        Sums(pixels, Vector512.LoadUnsafe(ref Unsafe.Add(ref centre, -1)), Vector512.LoadUnsafe(ref Unsafe.Add(ref centre, 1)), lowBytes, out even, out odd);
    }

    /// <summary>
    /// Even column 2i sums bytes 2i - 1, 2i, 2i + 1: the low byte of word i one column left plus both bytes of word i;
    /// odd column 2i + 1 sums word i plus the high byte of word i one column right.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sums(Vector512<byte> pixels, Vector512<byte> left, Vector512<byte> right, Vector512<ushort> lowBytes, out Vector512<ushort> even, out Vector512<ushort> odd)
    {
        Vector512<ushort> words = pixels.AsUInt16();
        Vector512<ushort> pair = (words & lowBytes) + Vector512.ShiftRightLogical(words, 8);
        even = pair + (left.AsUInt16() & lowBytes);
        odd = pair + Vector512.ShiftRightLogical(right.AsUInt16(), 8);
    }

    /// <summary>
    /// The operator on both parities' box sums and centres (the centre row's words), merged back to bytes in pixel
    /// order: each result is in [0, 255], so the odd one shifted into the high byte is the pixel after the even one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Merge<TOperator>(Vector512<ushort> evenBox, Vector512<ushort> oddBox, Vector512<byte> centres, Vector512<ushort> lowBytes)
        where TOperator : IStencil3x3Operator
    {
        Vector512<ushort> words = centres.AsUInt16();
        Vector512<ushort> even = TOperator.Apply(evenBox, words & lowBytes);
        Vector512<ushort> odd = TOperator.Apply(oddBox, Vector512.ShiftRightLogical(words, 8));
        return (even | Vector512.ShiftLeft(odd, 8)).AsByte();
    }

    /// <summary>32 output pixels starting at x, each in [0, 255], in 16-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Pixels<TOperator>(ref byte up, ref byte mid, ref byte down, int x)
        where TOperator : IStencil3x3Operator
    {
        Vector512<ushort> centre = Load(ref mid, x);
        Vector512<ushort> left = Load(ref up, x - 1) + Load(ref mid, x - 1) + Load(ref down, x - 1);
        Vector512<ushort> middle = Load(ref up, x) + centre + Load(ref down, x);
        Vector512<ushort> right = Load(ref up, x + 1) + Load(ref mid, x + 1) + Load(ref down, x + 1);
        return TOperator.Apply(left + middle + right, centre);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Load(ref byte row, int x) =>
        Avx512BW.ConvertToVector512UInt16(Vector256.LoadUnsafe(ref Unsafe.Add(ref row, x)));
}
