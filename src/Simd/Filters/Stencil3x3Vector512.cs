using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX-512BW kernel of the 3x3 filters: the whole interior in 64-column strips with byte-parity words, where the
/// narrower paths widen to 16-bit lanes row by row (vpmovzxbw loads, a pack and a permute per 32 pixels: five shuffle
/// uops on the one port that runs them).
/// </summary>
[SkipLocalsInit]
internal static class Stencil3x3Vector512
{
    /// <summary>
    /// Every row from 1 to h - 2 of an image at least 3 pixels wide, edge columns included, in strips of 64 source
    /// columns walked down the rows. A strip's 64 pixels stay in their byte register, read as 32 words: the low bytes
    /// are the even columns and the high bytes the odd ones, so the horizontal triple sums of both parities come from
    /// the strip and its copies one column to the left and right with masks, shifts and adds (no widening shuffles),
    /// and the two results merge back as low | high &lt;&lt; 8 in pixel order (no pack, no permute). Each row's triple
    /// sums are computed once and the vertical sum reuses the previous pair. A strip yields 62 outputs (its first and
    /// last columns lack a neighbour): strips start 62 apart, the last one flush with the right edge, and the image's
    /// edge columns are blended in from the source row (Pillow copies them), so there is no scalar edge loop. Reads
    /// stay inside the image: whole-vector reads run past a narrow row into the next ones (those lanes are not
    /// stored), and the first row of the first strip and the rows whose reads would pass the image's last byte take
    /// fault-suppressing masked loads instead. dst never aliases src.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Rows<TOperator>(byte* src, nint srcPitch, byte* dst, nint dstPitch, int w, int h)
        where TOperator : IStencil3x3Operator
    {
        Vector512<ushort> lowBytes = Vector512.Create((ushort)0x00FF);
        for (int b0 = 0; ; b0 += Vector512<byte>.Count - 2)
        {
            int b = Math.Max(Math.Min(b0, w - Vector512<byte>.Count), 0);
            int n = Math.Min(w - b, Vector512<byte>.Count);
            bool lastStrip = b + Vector512<byte>.Count >= w;
            // Which of the strip's 64 bytes exist in the row, one column to the left of it and one to the right; which
            // this strip stores (not the first of a later strip: the strip before computed it); which are edge columns.
            Vector512<byte> k = Vector512<byte>.Indices;
            Vector512<byte> inRow = Vector512.LessThan(k, Vector512.Create((byte)n));
            Vector512<byte> notFirst = Vector512.GreaterThan(k, Vector512<byte>.Zero);
            Vector512<byte> leftMask = b == 0 ? inRow & notFirst : inRow;
            Vector512<byte> rightMask = lastStrip ? Vector512.LessThan(k, Vector512.Create((byte)(n - 1))) : inRow;
            Vector512<byte> store = b == 0 ? inRow : inRow & notFirst;
            Vector512<byte> edgeMask = (b == 0 ? ~notFirst : Vector512<byte>.Zero) |
                (lastStrip ? Vector512.Equals(k, Vector512.Create((byte)(n - 1))) : Vector512<byte>.Zero);
            // Rows from here on would read past the image's last byte with whole vectors (row y reads bytes
            // y * pitch + b - 1 to y * pitch + b + 64); row 0 of the first strip would read before its first byte.
            long lastByte = ((long)(h - 1) * srcPitch) + w - 1;
            long room = lastByte - b - Vector512<byte>.Count;
            long masked = room < 0 ? 0 : (room / srcPitch) + 1;

            byte* column = src + b;
            Strip(column, inRow, leftMask, rightMask, b == 0 || masked == 0, lowBytes, out Vector512<ushort> evenPrev, out Vector512<ushort> oddPrev, out _);
            Strip(column + srcPitch, inRow, leftMask, rightMask, masked <= 1, lowBytes, out Vector512<ushort> evenCur, out Vector512<ushort> oddCur, out Vector512<byte> pixels);
            Vector512<ushort> evenPair = evenPrev + evenCur, oddPair = oddPrev + oddCur;
            for (int y = 1; y < h - 1; y++)
            {
                Strip(column + ((y + 1) * srcPitch), inRow, leftMask, rightMask, y + 1 >= masked, lowBytes, out Vector512<ushort> evenNext, out Vector512<ushort> oddNext, out Vector512<byte> nextPixels);
                Vector512<ushort> words = pixels.AsUInt16();
                Vector512<ushort> even = TOperator.Apply(evenPair + evenNext, words & lowBytes);
                Vector512<ushort> odd = TOperator.Apply(oddPair + oddNext, Vector512.ShiftRightLogical(words, 8));
                Vector512<byte> result = (even | Vector512.ShiftLeft(odd, 8)).AsByte();
                result = Vector512.ConditionalSelect(edgeMask, pixels, result);
                Avx512BW.MaskStore(dst + (y * dstPitch) + b, store, result);
                evenPair = evenCur + evenNext;
                oddPair = oddCur + oddNext;
                evenCur = evenNext;
                oddCur = oddNext;
                pixels = nextPixels;
            }

            if (lastStrip)
            {
                break;
            }
        }
    }

    /// <summary>
    /// The horizontal triple sums of one row's strip, even columns in the low words' order and odd ones likewise:
    /// even column 2i sums bytes 2i - 1, 2i, 2i + 1, that is the low byte of word i one column left plus both bytes of
    /// word i; odd column 2i + 1 sums word i plus the high byte of word i one column right.
    /// </summary>
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
            // Bytes outside the strip's row (the row before's last, the next rows' first, padding) only reach lanes
            // that are not stored or are edge columns.
            pixels = Vector512.Load(p);
            leftBytes = Vector512.Load(p - 1);
            rightBytes = Vector512.Load(p + 1);
        }

        Vector512<ushort> words = pixels.AsUInt16();
        Vector512<ushort> pair = (words & lowBytes) + Vector512.ShiftRightLogical(words, 8);
        even = pair + (leftBytes.AsUInt16() & lowBytes);
        odd = pair + Vector512.ShiftRightLogical(rightBytes.AsUInt16(), 8);
    }
}
