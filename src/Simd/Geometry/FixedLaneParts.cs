using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector512;
using VI = System.Runtime.Intrinsics.Vector512<int>;
using VS = System.Runtime.Intrinsics.Vector512<short>;
using VW = System.Runtime.Intrinsics.Vector512<ushort>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// One axis of the 16.16 coordinates of a 64-lane tile, for the VBMI warps whose coordinates are linear in fixed
/// point (Pillow's nearest <c>affine_fixed</c>, <see cref="FusedFixed"/>), in 16-bit lanes. Lane i of a tile whose
/// first pixel sits at o is o + off_i, off_i = column * perColumn + row * perRow in wrapping int32 as the scalar loops
/// sum it. Its integer part modulo 2^16 is (o &gt;&gt; 16) + (off_i &gt;&gt; 16) + carry_i, where carry_i is 1 when the
/// fraction bits of o and off_i sum past 2^16, that is when frac(o) &gt; 0xFFFF - frac(off_i) (the cut): an unsigned
/// saturating difference clipped to 1. Its fraction is frac(o) + frac(off_i) modulo 2^16. The per-lane parts are made
/// once per call, so a tile costs a handful of word operations per axis and half, where 32-bit lanes took adds,
/// shifts and narrowing permutes per 16 lanes. Every low 16 bits equal the scalar loop's, so results stay bit-identical.
/// <para>
/// The two registers hold the lanes in <see cref="Vector512"/> pack order: per 128-bit lane L, words 8L..8L+7 of
/// register A are lanes 16L..16L+7 and those of register B lanes 16L+8..16L+15. A byte pack of (A, B) then yields
/// lane order, and byte unpacks of a lane-order register against zero yield A and B order.
/// </para>
/// </summary>
internal readonly struct FixedLaneParts
{
    private readonly VS partA, partB;
    private readonly VW cutA, cutB;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public FixedLaneParts(int perColumn, int perRow, int tileWidth)
    {
        // Words k of register A: lane 16 * (k / 8) + k % 8; register B: that lane + 8. Each register's 32 words come
        // from two int32 vectors, narrowed by one permute for the high words and one for the low words.
        Vector512<uint> k = Vector512<uint>.Indices;
        Vector512<uint> lanes = (Vec.ShiftRightLogical(k, 3) * 16) + (k & Vec.Create(7u));
        var narrow = new VbmiNarrow();
        int rowShift = System.Numerics.BitOperations.Log2((uint)tileWidth);
        Split(Offsets(lanes, perColumn, perRow, tileWidth, rowShift), Offsets(lanes + Vec.Create(32u), perColumn, perRow, tileWidth, rowShift), narrow, out partA, out cutA);
        Vector512<uint> eight = Vec.Create(8u);
        Split(Offsets(lanes + eight, perColumn, perRow, tileWidth, rowShift), Offsets(lanes + Vec.Create(40u), perColumn, perRow, tileWidth, rowShift), narrow, out partB, out cutB);
    }

    /// <summary>Integer parts minus <paramref name="origin"/>, modulo 2^16, of the tile at <paramref name="v16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Integers(int v16, int origin, out VS a, out VS b)
    {
        VW fraction = Vec.Create(unchecked((ushort)v16));
        VS whole = Vec.Create(unchecked((short)((v16 >> 16) - origin)));
        a = whole + partA + Vec.Min(Avx512BW.SubtractSaturate(fraction, cutA), VW.One).AsInt16();
        b = whole + partB + Vec.Min(Avx512BW.SubtractSaturate(fraction, cutB), VW.One).AsInt16();
    }

    /// <summary>Fraction bits of the tile at <paramref name="v16"/>: frac(o) + frac(off_i) = (frac(o) - 1) - cut_i, modulo 2^16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fractions(int v16, out VW a, out VW b)
    {
        VW less = Vec.Create(unchecked((ushort)(v16 - 1)));
        a = less - cutA;
        b = less - cutB;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Offsets(Vector512<uint> lanes, int perColumn, int perRow, int tileWidth, int rowShift) =>
        ((lanes & Vec.Create((uint)tileWidth - 1)).AsInt32() * perColumn) + (Vec.ShiftRightLogical(lanes, rowShift).AsInt32() * perRow);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Split(VI low, VI high, VbmiNarrow narrow, out VS parts, out VW cuts)
    {
        parts = narrow.Words(Vec.ShiftRightArithmetic(low, 16), Vec.ShiftRightArithmetic(high, 16)).AsInt16();
        // 0xFFFF - fraction is the fraction's complement.
        cuts = ~narrow.Words(low, high);
    }
}
