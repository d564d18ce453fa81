using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The 2x2 taps of a 64-lane tile for the VBMI bilinear and fused warps, gathered one crossed source row at a time:
/// each row is permuted at the left and right tap columns, and the results land in the top taps of the lanes whose
/// top row it is and in the bottom taps of the lanes whose top row was the previous one. The two masks are compares
/// of one countdown against constants, which the JIT keeps in mask registers; a mask carried from row to row would be
/// spilled to a vector and back every row.
/// </summary>
internal ref struct VbmiTapRows(VB relativeRow, VB initial)
{
    // Five vector fields at most: the JIT keeps a struct this small in registers (with the pair indices as fields as
    // well it spilled every field to the stack on every row).
    public VB P00 = initial, P01 = initial, P10 = initial, P11 = initial;

    // relativeRow minus the rows taken so far: 0 where this row is the top row, -1 where it is the bottom row.
    private VB countdown = relativeRow;

    /// <summary>Reads a row of 65 to 128 pixels in place into two registers with fault-suppressing masked loads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe (VB Lo, VB Hi) Load(byte* line, VB maskLo, VB maskHi) =>
        (Avx512BW.MaskLoad(line, maskLo, VB.Zero), Avx512BW.MaskLoad(line + VB.Count, maskHi, VB.Zero));

    /// <summary>
    /// The tap indices for <see cref="TakePair"/>: bit 6 set where the lane's top (bottom) row is the second row of a
    /// pair. Pairs start at even relative rows, so that bit is the parity of rel (of rel + 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PairIndices(VB relativeRow, VB left, VB right, out VB topLeft, out VB topRight, out VB bottomLeft, out VB bottomRight)
    {
        // (rel & 1) << 6 stays inside each byte, so a word shift does it.
        VB odd = Vec.ShiftLeft((relativeRow & Vec.Create((byte)1)).AsUInt16(), 6).AsByte();
        VB even = odd ^ Vec.Create((byte)64);
        topLeft = left | odd;
        topRight = right | odd;
        bottomLeft = left | even;
        bottomRight = right | even;
    }

    /// <summary>
    /// Two 32-byte windows of source rows, at <paramref name="first"/> and <paramref name="second"/>, as one register:
    /// half of a <see cref="TakeQuad"/> table. The insert runs beside the permutes, not on their port. Rows narrower
    /// than a window (<see cref="MaskedRow"/>) are read under <paramref name="mask"/>; their windows end in zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe VB Windows<TRows>(byte* first, byte* second, VB mask)
        where TRows : struct, IRowAccess =>
        Avx512F.InsertVector256(TRows.LoadWindow(first, mask).ToVector512Unsafe(), TRows.LoadWindow(second, mask), 1);

    /// <summary>
    /// The tap indices for <see cref="TakeQuad"/>: <paramref name="left"/> and <paramref name="right"/> are columns
    /// relative to the window (below 32), and bits 5-6 pick the lane's top (bottom) row within the four, which is rel
    /// (rel + 1) modulo 4 because quads start at multiples of four relative rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void QuadIndices(VB relativeRow, VB left, VB right, out VB topLeft, out VB topRight, out VB bottomLeft, out VB bottomRight)
    {
        VB three = Vec.Create((byte)3);
        // Two bits shifted by five stay inside each byte, so word shifts do it.
        VB top = Vec.ShiftLeft((relativeRow & three).AsUInt16(), 5).AsByte();
        VB bottom = Vec.ShiftLeft(((relativeRow + Vec.Create((byte)1)) & three).AsUInt16(), 5).AsByte();
        topLeft = left | top;
        topRight = right | top;
        bottomLeft = left | bottom;
        bottomRight = right | bottom;
    }

    /// <summary>
    /// Takes the next four source rows as 32-column windows (<see cref="Windows"/>; the first at a relative row that is
    /// a multiple of four): one 128-byte table serves the top and bottom taps of every lane whose rows fall in it, so
    /// four rows cost four permutes and four blends, half of what <see cref="TakePair"/> spends on them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void TakeQuad(VB rows01, VB rows23, VB topLeft, VB topRight, VB bottomLeft, VB bottomRight) =>
        TakeTable(rows01, rows23, topLeft, topRight, bottomLeft, bottomRight, 4);

    /// <summary>
    /// Takes relative rows 0 to <paramref name="last"/> of a tile whose first row is <paramref name="first"/> (-1 to
    /// height - 1; rows -1 and height stand for the edge rows), four at a time as 32-column windows starting at
    /// <paramref name="column"/> (<see cref="TakeQuad"/>). Away from the top and bottom edges no row needs the clamp and
    /// the pointer steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void TakeQuads<TRows>(byte* column, nint stride, int first, int last, int height, VB mask, VB topLeft, VB topRight, VB bottomLeft, VB bottomRight)
        where TRows : struct, IRowAccess
    {
        if (first >= 0 && first + (last | 3) < height)
        {
            byte* line = column + (first * stride);
            nint pairStride = 2 * stride, quadStride = 4 * stride;
            for (int k = 0; k <= last; k += 4, line += quadStride)
            {
                TakeQuad(Windows<TRows>(line, line + stride, mask), Windows<TRows>(line + pairStride, line + pairStride + stride, mask), topLeft, topRight, bottomLeft, bottomRight);
            }
        }
        else
        {
            int bottom = height - 1;
            for (int k = 0; k <= last; k += 4)
            {
                VB rows01 = Windows<TRows>(column + (EdgeRow(first + k, bottom) * stride), column + (EdgeRow(first + k + 1, bottom) * stride), mask);
                VB rows23 = Windows<TRows>(column + (EdgeRow(first + k + 2, bottom) * stride), column + (EdgeRow(first + k + 3, bottom) * stride), mask);
                TakeQuad(rows01, rows23, topLeft, topRight, bottomLeft, bottomRight);
            }
        }
    }

    /// <summary>
    /// Takes relative rows 0 to <paramref name="last"/> of a tile whose first row is <paramref name="first"/> (as in
    /// <see cref="TakeQuads"/>), two whole rows of at most 64 pixels at a time (<see cref="TakePair"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void TakePairs<TRows>(byte* srcBase, nint stride, int first, int last, int height, VB mask, VB topLeft, VB topRight, VB bottomLeft, VB bottomRight)
        where TRows : struct, IRowAccess
    {
        if (first >= 0 && first + (last | 1) < height)
        {
            byte* line = srcBase + (first * stride);
            nint pairStride = 2 * stride;
            for (int k = 0; k <= last; k += 2, line += pairStride)
            {
                TakePair(TRows.Load(line, mask), TRows.Load(line + stride, mask), topLeft, topRight, bottomLeft, bottomRight);
            }
        }
        else
        {
            int bottom = height - 1;
            for (int k = 0; k <= last; k += 2)
            {
                VB upper = TRows.Load(srcBase + (EdgeRow(first + k, bottom) * stride), mask);
                VB lower = TRows.Load(srcBase + (EdgeRow(first + k + 1, bottom) * stride), mask);
                TakePair(upper, lower, topLeft, topRight, bottomLeft, bottomRight);
            }
        }
    }

    /// <summary>
    /// Takes relative rows 0 to <paramref name="last"/> of rows of 65 to 128 pixels, one at a time
    /// (<see cref="Take"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void TakeRows(byte* srcBase, nint stride, int first, int last, int height, VB maskLo, VB maskHi, VB left, VB right)
    {
        int bottom = height - 1;
        for (int k = 0; k <= last; k++)
        {
            (VB lo, VB hi) = Load(srcBase + (EdgeRow(first + k, bottom) * stride), maskLo, maskHi);
            Take(lo, hi, left, right);
        }
    }

    /// <summary>Row r clamped to [0, bottom] without branches (Math.Clamp also tests its bounds' order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EdgeRow(int r, int bottom) => Math.Min(Math.Max(r, 0), bottom);

    /// <summary>Takes the next source row, held in one or two registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Take(VB lo, VB hi, VB left, VB right)
    {
        VB a = Avx512Vbmi.PermuteVar64x8x2(lo, left, hi);
        VB b = Avx512Vbmi.PermuteVar64x8x2(lo, right, hi);
        VB top = Vec.Equals(countdown, VB.Zero);
        VB bottom = Vec.Equals(countdown, VB.AllBitsSet);
        P00 = Avx512BW.BlendVariable(P00, a, top);
        P01 = Avx512BW.BlendVariable(P01, b, top);
        P10 = Avx512BW.BlendVariable(P10, a, bottom);
        P11 = Avx512BW.BlendVariable(P11, b, bottom);
        countdown -= Vec.Create((byte)1);
    }

    /// <summary>
    /// Takes the next two source rows of at most 64 pixels (one register each; the first at an even relative row)
    /// with the <see cref="PairIndices"/>: the pair is one 128-byte table, so the lanes whose top row is either row get
    /// both their top and their bottom taps from it, or their bottom taps only when their top row was the row before.
    /// Two permutes and two blends a row instead of two and four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void TakePair(VB first, VB second, VB topLeft, VB topRight, VB bottomLeft, VB bottomRight) =>
        TakeTable(first, second, topLeft, topRight, bottomLeft, bottomRight, 2);

    /// <summary>
    /// The next <paramref name="rows"/> rows as one 128-byte table (<paramref name="low"/>, <paramref name="high"/>):
    /// a lane takes its top (bottom) taps where its top (bottom) row is among them, 0 &lt;= countdown (+ 1) &lt; rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TakeTable(VB low, VB high, VB topLeft, VB topRight, VB bottomLeft, VB bottomRight, byte rows)
    {
        VB n = Vec.Create(rows);
        VB top = Vec.LessThan(countdown, n);
        VB bottom = Vec.LessThan(countdown + Vec.Create((byte)1), n);
        P00 = Avx512BW.BlendVariable(P00, Avx512Vbmi.PermuteVar64x8x2(low, topLeft, high), top);
        P01 = Avx512BW.BlendVariable(P01, Avx512Vbmi.PermuteVar64x8x2(low, topRight, high), top);
        P10 = Avx512BW.BlendVariable(P10, Avx512Vbmi.PermuteVar64x8x2(low, bottomLeft, high), bottom);
        P11 = Avx512BW.BlendVariable(P11, Avx512Vbmi.PermuteVar64x8x2(low, bottomRight, high), bottom);
        countdown -= n;
    }
}
