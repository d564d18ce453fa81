using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector256;
using VI = System.Runtime.Intrinsics.Vector256<int>;
using VS = System.Runtime.Intrinsics.Vector256<short>;
using VW = System.Runtime.Intrinsics.Vector256<ushort>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// <see cref="FixedLaneParts"/> for the 32-lane blocks of the AVX2 warps: the same split of a lane's 16.16 offset into
/// an integer part and a carry cut, so a block's integer parts and fractions cost a few word operations per axis. The
/// two registers hold the lanes in <see cref="Vector256"/> pack order: per 128-bit lane L, words 8L..8L+7 of register A
/// are lanes 16L..16L+7 and those of register B lanes 16L+8..16L+15, so a byte pack of (A, B) yields lane order.
/// </summary>
internal readonly struct FixedLaneParts256
{
    private readonly VS partA, partB;
    private readonly VW cutA, cutB;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public FixedLaneParts256(int perColumn, int perRow, int tileWidth)
    {
        // packssdw(a, b) gives per 128-bit lane L the words a[4L..4L+3], b[4L..4L+3]: word 8L + j of register A (lane
        // 16L + j) comes from a for j < 4 and from b for j >= 4.
        VI first = Vec.Create(0, 1, 2, 3, 16, 17, 18, 19);
        VI four = Vec.Create(4), eight = Vec.Create(8);
        int rowShift = System.Numerics.BitOperations.Log2((uint)tileWidth);
        Split(Offsets(first, perColumn, perRow, tileWidth, rowShift), Offsets(first + four, perColumn, perRow, tileWidth, rowShift), out partA, out cutA);
        first += eight;
        Split(Offsets(first, perColumn, perRow, tileWidth, rowShift), Offsets(first + four, perColumn, perRow, tileWidth, rowShift), out partB, out cutB);
    }

    /// <summary>Integer parts minus <paramref name="origin"/>, modulo 2^16, of the block at <paramref name="v16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Integers(int v16, int origin, out VS a, out VS b)
    {
        VW fraction = Vec.Create(unchecked((ushort)v16));
        VS whole = Vec.Create(unchecked((short)((v16 >> 16) - origin)));
        a = whole + partA + Vec.Min(Avx2.SubtractSaturate(fraction, cutA), VW.One).AsInt16();
        b = whole + partB + Vec.Min(Avx2.SubtractSaturate(fraction, cutB), VW.One).AsInt16();
    }

    /// <summary>Fraction bits of the block at <paramref name="v16"/>: frac(o) + frac(off_i) = (frac(o) - 1) - cut_i, modulo 2^16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fractions(int v16, out VW a, out VW b)
    {
        VW less = Vec.Create(unchecked((ushort)(v16 - 1)));
        a = less - cutA;
        b = less - cutB;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Offsets(VI lanes, int perColumn, int perRow, int tileWidth, int rowShift) =>
        ((lanes & Vec.Create(tileWidth - 1)) * perColumn) + (Vec.ShiftRightLogical(lanes, rowShift) * perRow);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Split(VI low, VI high, out VS parts, out VW cuts)
    {
        // Both packs are exact: the shifted integer parts fit int16, the masked fractions uint16.
        parts = Avx2.PackSignedSaturate(Vec.ShiftRightArithmetic(low, 16), Vec.ShiftRightArithmetic(high, 16));
        VI fractionBits = Vec.Create(0xFFFF);
        cuts = ~Avx2.PackUnsignedSaturate(low & fractionBits, high & fractionBits);
    }
}
