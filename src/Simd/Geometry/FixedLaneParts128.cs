using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Vec = System.Runtime.Intrinsics.Vector128;
using VI = System.Runtime.Intrinsics.Vector128<int>;
using VS = System.Runtime.Intrinsics.Vector128<short>;
using VW = System.Runtime.Intrinsics.Vector128<ushort>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// <see cref="FixedLaneParts"/> for the 16-lane blocks of the portable 128-bit shuffle warps, in portable operations:
/// the same split of a lane's 16.16 offset into an integer part and a carry cut. Register A holds lanes 0-7 and
/// register B lanes 8-15, in order (the portable narrows and widens keep lane order).
/// </summary>
internal readonly struct FixedLaneParts128
{
    private readonly VS partA, partB;
    private readonly VW cutA, cutB;

    public FixedLaneParts128(int perColumn, int perRow, int tileWidth)
    {
        VI lanes = VI.Indices, four = Vec.Create(4);
        int rowShift = System.Numerics.BitOperations.Log2((uint)tileWidth);
        Split(Offsets(lanes, perColumn, perRow, tileWidth, rowShift), Offsets(lanes + four, perColumn, perRow, tileWidth, rowShift), out partA, out cutA);
        lanes += Vec.Create(8);
        Split(Offsets(lanes, perColumn, perRow, tileWidth, rowShift), Offsets(lanes + four, perColumn, perRow, tileWidth, rowShift), out partB, out cutB);
    }

    /// <summary>Integer parts minus <paramref name="origin"/>, modulo 2^16, of the block at <paramref name="v16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Integers(int v16, int origin, out VS a, out VS b)
    {
        VW fraction = Vec.Create(unchecked((ushort)v16));
        VS whole = Vec.Create(unchecked((short)((v16 >> 16) - origin)));
        a = whole + partA + Vec.Min(Vec.SubtractSaturate(fraction, cutA), VW.One).AsInt16();
        b = whole + partB + Vec.Min(Vec.SubtractSaturate(fraction, cutB), VW.One).AsInt16();
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
        // Both narrows keep the low 16 bits, which is exact: the shifted integer parts fit int16.
        parts = Vec.Narrow(Vec.ShiftRightArithmetic(low, 16), Vec.ShiftRightArithmetic(high, 16));
        cuts = ~Vec.Narrow(low.AsUInt32(), high.AsUInt32());
    }
}
