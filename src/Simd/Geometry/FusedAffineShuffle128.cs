using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector128;
using VB = System.Runtime.Intrinsics.Vector128<byte>;
using VI = System.Runtime.Intrinsics.Vector128<int>;
using VS = System.Runtime.Intrinsics.Vector128<short>;
using VW = System.Runtime.Intrinsics.Vector128<ushort>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// <see cref="FusedFixed"/> with the portable 128-bit byte shuffle for sources at least 16 pixels wide: the sibling of
/// <see cref="FusedAffineAvx2"/> for the 128-bit path (ARM64 NEON, x64 without AVX2), 16 outputs per register as a
/// block of 16/TH columns by TH rows, each crossed row looked up with the native shuffle (<see cref="ShuffleBytes128"/>); the block loop is
/// <see cref="FusedShuffleBlocks{TLanes, TBytes}"/>.
/// Coordinates are 16-bit integer parts and fractions (<see cref="FixedLaneParts128"/>); the blend is
/// <see cref="FusedFixed.Blend"/>, its horizontal step in 16-bit lanes and its vertical step widened to 32 bits (no
/// portable multiply-add of word pairs); the integers are those of <see cref="FusedFixed.Scalar"/>.
/// </summary>
internal static class FusedAffineShuffle128
{
    /// <summary>The block height (1, 2 or 4), or 0 when this engine does not apply (<see cref="FusedShuffleBlocks{TLanes, TBytes}.TileHeight"/>).</summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f) =>
        FusedShuffleBlocks<Lanes, ShuffleBytes128>.TileHeight(src, dst, f);

    /// <summary>The 16-byte chunks of a row's window for blocks <paramref name="th"/> rows high.</summary>
    internal static int Chunks(int srcWidth, in FusedFixed f, int th) => FusedShuffleBlocks<Lanes, ShuffleBytes128>.Chunks(srcWidth, f, th);

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose.</summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, int th, byte fill) =>
        FusedShuffleBlocks<Lanes, ShuffleBytes128>.Run(src, dst, f, th, fill);

    /// <summary>
    /// <see cref="FusedFixed.Blend"/> for 8 pixels, lanes 0-7 (<paramref name="low"/>) or 8-15 of the taps: the
    /// horizontal step as <c>p0 * 128 + (p1 - p0) * fx</c> in 16-bit lanes (exact: at most 32640), the vertical one as
    /// <c>(top * 128 + (bottom - top) * fy + 8192) &gt;&gt; 14</c> in 32-bit lanes, the same integer as the reference's
    /// <c>top * (128 - fy) + bottom * fy</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VW Blend(VB p00, VB p01, VB p10, VB p11, VW fx, VW fy, bool low)
    {
        const int bits = FusedFixed.WeightBits;
        VW a = Widen(p00, low), b = Widen(p01, low), c = Widen(p10, low), d = Widen(p11, low);
        VW top = Vec.ShiftLeft(a, bits) + ((b - a) * fx);
        VW bottom = Vec.ShiftLeft(c, bits) + ((d - c) * fx);
        VI round = Vec.Create(1 << ((2 * bits) - 1));
        return Vec.Narrow(Vertical(Vec.WidenLower(top), Vec.WidenLower(bottom), Vec.WidenLower(fy), round), Vertical(Vec.WidenUpper(top), Vec.WidenUpper(bottom), Vec.WidenUpper(fy), round));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Vertical(Vector128<uint> top, Vector128<uint> bottom, Vector128<uint> fy, VI round)
    {
        const int bits = FusedFixed.WeightBits;
        VI t = top.AsInt32();
        return Vec.ShiftRightArithmetic(Vec.ShiftLeft(t, bits) + ((bottom.AsInt32() - t) * fy.AsInt32()) + round, 2 * bits).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VW Widen(VB taps, bool low) => low ? Vec.WidenLower(taps) : Vec.WidenUpper(taps);

    /// <summary>
    /// A block's taps and weights from its 16.16 coordinates in 16-bit lanes, as <see cref="FusedAffineAvx2"/>'s lanes
    /// do: the integer parts of T give the left tap column + 1 and the top tap row relative to ymin, the fraction bits
    /// the weights, and the integer parts of T + <see cref="FusedFixed.InsideShift"/> the inside test (exact in words:
    /// <see cref="FusedFixed.FitsInt32"/> keeps every integer part within +-8192).
    /// </summary>
    private readonly struct Lanes(FixedLaneParts128 x, FixedLaneParts128 y, int width, int height) : IFusedShuffleLanes<Lanes, ShuffleBytes128>
    {
        private readonly VW widthLimit = Vec.Create((ushort)width);
        private readonly VW heightLimit = Vec.Create((ushort)height);

        public static Lanes Create(int xPerX, int xPerY, int yPerX, int yPerY, int tileWidth, int width, int height) =>
            new(new FixedLaneParts128(xPerX, xPerY, tileWidth), new FixedLaneParts128(yPerX, yPerY, tileWidth), width, height);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Tile(int tx, int ty, int ymin, int start, out ShuffleBytes128 shifted, out ShuffleBytes128 rel)
        {
            x.Integers(tx, start - 1, out VS colA, out VS colB);
            y.Integers(ty, ymin, out VS rowA, out VS rowB);
            x.Integers(tx + FusedFixed.InsideShift, 0, out VS sxA, out VS sxB);
            y.Integers(ty + FusedFixed.InsideShift, 0, out VS syA, out VS syB);
            rowA = Vec.ConditionalSelect(Inside(sxA, syA), rowA, Vec.Create((short)127));
            rowB = Vec.ConditionalSelect(Inside(sxB, syB), rowB, Vec.Create((short)127));
            // Inside lanes hold columns + 1 - start in [0, 32] and rows below 16, outside lanes row 127: the narrows keep them.
            shifted = new(Vec.Narrow(colA.AsUInt16(), colB.AsUInt16()));
            rel = new(Vec.Narrow(rowA.AsUInt16(), rowB.AsUInt16()));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ShuffleBytes128 Blend(int tx, int ty, ShuffleBytes128 p00, ShuffleBytes128 p01, ShuffleBytes128 p10, ShuffleBytes128 p11)
        {
            x.Fractions(tx, out VW fxA, out VW fxB);
            y.Fractions(ty, out VW fyA, out VW fyB);
            const int drop = 16 - FusedFixed.WeightBits;
            VW r0 = FusedAffineShuffle128.Blend(p00.Value, p01.Value, p10.Value, p11.Value, Vec.ShiftRightLogical(fxA, drop), Vec.ShiftRightLogical(fyA, drop), low: true);
            VW r1 = FusedAffineShuffle128.Blend(p00.Value, p01.Value, p10.Value, p11.Value, Vec.ShiftRightLogical(fxB, drop), Vec.ShiftRightLogical(fyB, drop), low: false);
            return new(Vec.Narrow(r0, r1));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private VS Inside(VS sampleX, VS sampleY) =>
            (Vec.LessThan(sampleX.AsUInt16(), widthLimit) & Vec.LessThan(sampleY.AsUInt16(), heightLimit)).AsInt16();
    }
}
