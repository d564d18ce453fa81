using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector256;
using VB = System.Runtime.Intrinsics.Vector256<byte>;
using VI = System.Runtime.Intrinsics.Vector256<int>;
using VS = System.Runtime.Intrinsics.Vector256<short>;
using VW = System.Runtime.Intrinsics.Vector256<ushort>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// <see cref="FusedFixed"/> with AVX2 byte shuffles for sources at least 16 pixels wide: the sibling of
/// <see cref="FusedAffineVbmi"/> for the machines without VBMI (AVX2-only hosts, and AVX-512 without VBMI). The 32
/// outputs of a register are a block of 32/TH columns by TH rows, TH chosen per call so that the block crosses the
/// fewest source rows; each crossed row is looked up at the block's left and right tap columns with
/// <c>vpshufb</c> (<see cref="ShuffleBytes256"/>) instead of per-pixel loads; the block loop is
/// <see cref="FusedShuffleBlocks{TLanes, TBytes}"/>. Coordinates are 16-bit integer parts and
/// fractions (<see cref="FixedLaneParts256"/>), the blend is <see cref="FusedFixed.Blend"/> in 16-bit lanes with one
/// <c>vpmaddwd</c> for the vertical step; the integers are those of <see cref="FusedFixed.Scalar"/>.
/// </summary>
internal static class FusedAffineAvx2
{
    /// <summary>The block height (1, 2 or 4), or 0 when this engine does not apply (<see cref="FusedShuffleBlocks{TLanes, TBytes}.TileHeight"/>).</summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f) =>
        FusedShuffleBlocks<Lanes, ShuffleBytes256>.TileHeight(src, dst, f);

    /// <summary>The 16-byte chunks of a row's window for blocks <paramref name="th"/> rows high.</summary>
    internal static int Chunks(int srcWidth, in FusedFixed f, int th) => FusedShuffleBlocks<Lanes, ShuffleBytes256>.Chunks(srcWidth, f, th);

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose.</summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, int th, byte fill) =>
        FusedShuffleBlocks<Lanes, ShuffleBytes256>.Run(src, dst, f, th, fill);

    /// <summary>
    /// <see cref="FusedFixed.Blend"/> for 16 pixels in 16-bit lanes, in <see cref="FixedLaneParts256"/> order A (the
    /// low eight bytes of each 128-bit lane of the taps, widened by unpacking against zero) or B (the high eight), as
    /// <see cref="FusedAffineVbmi"/> computes it: the horizontal step as <c>p0 * 128 + (p1 - p0) * fx</c> (exact in 16
    /// bits), the vertical one as an exact 32-bit dot product of (top, bottom) with (128 - fy, fy).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VW Blend(VB p00, VB p01, VB p10, VB p11, VW fx, VW fy, bool orderA)
    {
        const int bits = FusedFixed.WeightBits;
        VW a = Widen(p00, orderA), b = Widen(p01, orderA), c = Widen(p10, orderA), d = Widen(p11, orderA);
        VS top = (Vec.ShiftLeft(a, bits) + ((b - a) * fx)).AsInt16();
        VS bottom = (Vec.ShiftLeft(c, bits) + ((d - c) * fx)).AsInt16();
        VS wy = fy.AsInt16();
        VS wyc = Vec.Create((short)(1 << bits)) - wy;
        VI round = Vec.Create(1 << ((2 * bits) - 1));
        VI lo = Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(top, bottom), Avx2.UnpackLow(wyc, wy)) + round;
        VI hi = Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(top, bottom), Avx2.UnpackHigh(wyc, wy)) + round;
        return Avx2.PackUnsignedSaturate(Vec.ShiftRightArithmetic(lo, 2 * bits), Vec.ShiftRightArithmetic(hi, 2 * bits));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VW Widen(VB taps, bool orderA) => (orderA ? Avx2.UnpackLow(taps, VB.Zero) : Avx2.UnpackHigh(taps, VB.Zero)).AsUInt16();

    /// <summary>
    /// A block's taps and weights from its 16.16 coordinates in 16-bit lanes, as <see cref="FusedAffineVbmi"/>'s lanes
    /// do: the integer parts of T give the left tap column + 1 and the top tap row relative to ymin, the fraction bits
    /// the weights, and the integer parts of T + <see cref="FusedFixed.InsideShift"/> the inside test (exact in words:
    /// <see cref="FusedFixed.FitsInt32"/> keeps every integer part within +-8192).
    /// </summary>
    private readonly struct Lanes(FixedLaneParts256 x, FixedLaneParts256 y, int width, int height) : IFusedShuffleLanes<Lanes, ShuffleBytes256>
    {
        // AVX2 has no unsigned word compare: s < size unsigned is min(s, size - 1) == s.
        private readonly VW lastColumn = Vec.Create((ushort)(width - 1));
        private readonly VW lastRow = Vec.Create((ushort)(height - 1));

        public static Lanes Create(int xPerX, int xPerY, int yPerX, int yPerY, int tileWidth, int width, int height) =>
            new(new FixedLaneParts256(xPerX, xPerY, tileWidth), new FixedLaneParts256(yPerX, yPerY, tileWidth), width, height);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Tile(int tx, int ty, int ymin, int start, out ShuffleBytes256 shifted, out ShuffleBytes256 rel)
        {
            x.Integers(tx, start - 1, out VS colA, out VS colB);
            y.Integers(ty, ymin, out VS rowA, out VS rowB);
            x.Integers(tx + FusedFixed.InsideShift, 0, out VS sxA, out VS sxB);
            y.Integers(ty + FusedFixed.InsideShift, 0, out VS syA, out VS syB);
            rowA = Vec.ConditionalSelect(Inside(sxA, syA), rowA, Vec.Create((short)127));
            rowB = Vec.ConditionalSelect(Inside(sxB, syB), rowB, Vec.Create((short)127));
            // Inside lanes hold columns + 1 - start in [0, 32] and rows below 16: the unsigned packs keep them exact.
            shifted = new(Avx2.PackUnsignedSaturate(colA, colB));
            rel = new(Avx2.PackUnsignedSaturate(rowA, rowB));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ShuffleBytes256 Blend(int tx, int ty, ShuffleBytes256 p00, ShuffleBytes256 p01, ShuffleBytes256 p10, ShuffleBytes256 p11)
        {
            x.Fractions(tx, out VW fxA, out VW fxB);
            y.Fractions(ty, out VW fyA, out VW fyB);
            const int drop = 16 - FusedFixed.WeightBits;
            VW r0 = FusedAffineAvx2.Blend(p00.Value, p01.Value, p10.Value, p11.Value, Vec.ShiftRightLogical(fxA, drop), Vec.ShiftRightLogical(fyA, drop), orderA: true);
            VW r1 = FusedAffineAvx2.Blend(p00.Value, p01.Value, p10.Value, p11.Value, Vec.ShiftRightLogical(fxB, drop), Vec.ShiftRightLogical(fyB, drop), orderA: false);
            return new(Avx2.PackUnsignedSaturate(r0.AsInt16(), r1.AsInt16()));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private VS Inside(VS sampleX, VS sampleY)
        {
            VW sx = sampleX.AsUInt16(), sy = sampleY.AsUInt16();
            return (Vec.Equals(Vec.Min(sx, lastColumn), sx) & Vec.Equals(Vec.Min(sy, lastRow), sy)).AsInt16();
        }
    }
}
