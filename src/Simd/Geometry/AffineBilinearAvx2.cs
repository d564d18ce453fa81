using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector256;
using VB = System.Runtime.Intrinsics.Vector256<byte>;
using VD = System.Runtime.Intrinsics.Vector256<double>;
using VI = System.Runtime.Intrinsics.Vector256<int>;
using VS = System.Runtime.Intrinsics.Vector256<short>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow's bilinear warp with AVX2 byte shuffles for sources at least 16 pixels wide: the sibling of
/// <see cref="AffineBilinearVbmi"/> for the machines without VBMI. The 32 outputs of a register are a block of 32/TH
/// columns by TH rows (<see cref="ShuffleBlocks.BlockHeight"/>); each crossed source row is looked up at the block's left
/// and right tap columns with <c>vpshufb</c> (<see cref="BilinearShuffleBlocks{TLanes, TBytes, TWeights}"/> over
/// <see cref="ShuffleBytes256"/>) instead of per-pixel loads. Taps and weights are computed exactly as in the other
/// paths (Pillow's double sample point floored to 16.16), so the output is bit-identical to <see cref="AffineScalar"/>.
/// </summary>
internal static class AffineBilinearAvx2
{
    /// <summary>The block height, or 0 when this engine does not apply (<see cref="BilinearShuffleBlocks{TLanes, TBytes, TWeights}.TileHeight"/>).</summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m) =>
        BilinearShuffleBlocks<Lanes, ShuffleBytes256, Weights>.TileHeight(src, dst, m);

    /// <summary>The 16-byte chunks of a row's window for blocks <paramref name="th"/> rows high.</summary>
    internal static int Chunks(int srcWidth, in AffineMatrix m, int th) => BilinearShuffleBlocks<Lanes, ShuffleBytes256, Weights>.Chunks(srcWidth, m, th);

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose.</summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, int th, byte fill) =>
        BilinearShuffleBlocks<Lanes, ShuffleBytes256, Weights>.Run(src, dst, m, th, fill);

    /// <summary>
    /// The low bytes of int32 lanes 0-7 of a to d (values in [-128, 127]) by two signed packs: byte 16L + 4g + d
    /// holds lane 8g + 4L + d (g: which of a to d, L: 128-bit half), the order <see cref="TapPairs"/> unpacks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VB Pack(VI a, VI b, VI c, VI d) =>
        Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a, b), Avx2.PackSignedSaturate(c, d)).AsByte();

    /// <summary>
    /// <see cref="Pack"/> of columns (in [-32768, 32767]: the sample points fit int32) less <paramref name="origin"/>,
    /// subtracted between the packs: two word subtractions instead of four dword ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VB PackRelative(VI a, VI b, VI c, VI d, VS origin) =>
        Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a, b) - origin, Avx2.PackSignedSaturate(c, d) - origin).AsByte();

    /// <summary>The lane's row relative to the block's first, or <paramref name="outside"/>: one byte blend (the mask is whole dwords).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Relative(VI inside, VI row, VI minRow, VI outside) =>
        Avx2.BlendVariable(outside.AsByte(), (row - minRow).AsByte(), inside.AsByte()).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Min(VI v) => AffineBilinearShuffle128.Min(Vector128.Min(v.GetLower(), v.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Max(VI v) => AffineBilinearShuffle128.Max(Vector128.Max(v.GetLower(), v.GetUpper()));

    /// <summary>The 11-bit weights of a block's four groups of eight lanes.</summary>
    private struct Weights
    {
        public VI Fx0, Fx1, Fx2, Fx3, Fy0, Fy1, Fy2, Fy3;
    }

    /// <summary>
    /// The four taps of 32 lanes (in <see cref="Pack"/> order), blended 8 lanes at a time as
    /// <see cref="AffineBilinearVbmi"/> does: the byte unpacks lay out each lane's pair as two zero-extended words in
    /// lane order, so one <c>vpmaddwd</c> against (2048 - fx, fx) gives p00 * (2048 - fx) + p01 * fx, the very integer
    /// <see cref="AffineScalar.Blend"/> forms.
    /// </summary>
    private readonly ref struct TapPairs(VB p00, VB p01, VB p10, VB p11)
    {
        private readonly VB topLow = Avx2.UnpackLow(p00, p01), topHigh = Avx2.UnpackHigh(p00, p01);
        private readonly VB bottomLow = Avx2.UnpackLow(p10, p11), bottomHigh = Avx2.UnpackHigh(p10, p11);

        /// <summary>Lanes 8g .. 8g + 7; g is a constant at every call.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VI Blend(int g, VI fx, VI fy)
        {
            const int bits = AffineScalar.WeightBits;
            VS top = Pairs(g < 2 ? topLow : topHigh, g).AsInt16();
            VS bottom = Pairs(g < 2 ? bottomLow : bottomHigh, g).AsInt16();
            VS weights = (Vec.Create(1 << bits) - fx | Vec.ShiftLeft(fx, 16)).AsInt16();
            VI t = Avx2.MultiplyAddAdjacent(top, weights);
            VI b = Avx2.MultiplyAddAdjacent(bottom, weights);
            return Vec.ShiftRightArithmetic(Vec.ShiftLeft(t, bits) + ((b - t) * fy), 2 * bits);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VB Pairs(VB words, int g) => (g & 1) == 0 ? Avx2.UnpackLow(words, VB.Zero) : Avx2.UnpackHigh(words, VB.Zero);
    }

    /// <summary>
    /// The lanes' sample points, taps and weights (<see cref="IBilinearShuffleLanes{TSelf, TBytes, TWeights}"/>), eight
    /// lanes per int32 register, four doubles per double register.
    /// </summary>
    private readonly struct Lanes(in AffineMatrix m, int width, int height) : IBilinearShuffleLanes<Lanes, ShuffleBytes256, Weights>
    {
        private readonly VD c = Vec.Create(m.C * 65536.0);
        private readonly VD f = Vec.Create(m.F * 65536.0);
        // AVX2 has no unsigned dword compare: p < limit unsigned is min(p, limit - 1) == p.
        private readonly Vector256<uint> lastX = Vec.Create(((uint)width << 16) - 1);
        private readonly Vector256<uint> lastY = Vec.Create(((uint)height << 16) - 1);
        private readonly int lastRow = height - 1;
        private readonly int width = width;

        public double ScaledA { get; } = m.A * 65536.0;

        public double ScaledB { get; } = m.B * 65536.0;

        public double ScaledD { get; } = m.D * 65536.0;

        public double ScaledE { get; } = m.E * 65536.0;

        public static Lanes Create(in AffineMatrix m, int width, int height) => new(m, width, height);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Block<TTile, TChunks>(int x, ref double colX, ref double colY, ref double rowX, ref double rowY, out int ymin, out int ymax, out int start, out int next, out ShuffleBytes256 shifted, out ShuffleBytes256 rel, out Weights weights)
            where TTile : struct, IStaticInt
            where TChunks : struct, IStaticInt
        {
            Unsafe.SkipInit(out weights);
            VI ok0 = Group<TTile>(x, 0, ref colX, ref colY, ref rowX, ref rowY, out VI col0, out VI by0, out weights.Fx0, out weights.Fy0);
            VI ok1 = Group<TTile>(x, 1, ref colX, ref colY, ref rowX, ref rowY, out VI col1, out VI by1, out weights.Fx1, out weights.Fy1);
            VI ok2 = Group<TTile>(x, 2, ref colX, ref colY, ref rowX, ref rowY, out VI col2, out VI by2, out weights.Fx2, out weights.Fy2);
            VI ok3 = Group<TTile>(x, 3, ref colX, ref colY, ref rowX, ref rowY, out VI col3, out VI by3, out weights.Fx3, out weights.Fy3);
            if (Vec.ExtractMostSignificantBits(((ok0 | ok1) | (ok2 | ok3)).AsByte()) == 0)
            {
                (ymin, ymax, start, next, shifted, rel) = (0, 0, 0, 0, default, default);
                return false;
            }

            ymin = Math.Clamp(Min(Vec.Min(Vec.Min(by0, by1), Vec.Min(by2, by3))), -1, lastRow);
            ymax = Math.Clamp(Max(Vec.Max(Vec.Max(by0, by1), Vec.Max(by2, by3))), -1, lastRow);
            int firstColumn = Min(Vec.Min(Vec.Min(col0, col1), Vec.Min(col2, col3)));
            ShuffleBlocks.Window(firstColumn - 1, width, TChunks.Value, out start, out next);
            // The natural packs lay the lanes out in the order the blend's unpacks need (see TapPairs).
            shifted = new(PackRelative(col0, col1, col2, col3, Vec.Create((short)start)));
            VI minRow = Vec.Create(ymin), outside = Vec.Create(127);
            rel = new(Pack(Relative(ok0, by0, minRow, outside), Relative(ok1, by1, minRow, outside), Relative(ok2, by2, minRow, outside), Relative(ok3, by3, minRow, outside)));
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ShuffleBytes256 Blend(ShuffleBytes256 p00, ShuffleBytes256 p01, ShuffleBytes256 p10, ShuffleBytes256 p11, in Weights weights)
        {
            var pairs = new TapPairs(p00.Value, p01.Value, p10.Value, p11.Value);
            VS words01 = Avx2.PackSignedSaturate(pairs.Blend(0, weights.Fx0, weights.Fy0), pairs.Blend(1, weights.Fx1, weights.Fy1));
            VS words23 = Avx2.PackSignedSaturate(pairs.Blend(2, weights.Fx2, weights.Fy2), pairs.Blend(3, weights.Fx3, weights.Fy3));
            return new(Avx2.PermuteVar8x32(Avx2.PackUnsignedSaturate(words01, words23).AsInt32(), Vec.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsByte());
        }

        /// <summary>
        /// Lanes 8g .. 8g + 7 of the block at column x: the inside mask, the left tap column + 1, the top tap row (both
        /// unclamped) and the 11-bit weights. A double vector (4 lanes) never spans two block rows.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private VI Group<TTile>(int x, int g, ref double colX, ref double colY, ref double rowX, ref double rowY, out VI column, out VI row, out VI fx, out VI fy)
            where TTile : struct, IStaticInt
        {
            int tw = VB.Count / TTile.Value;
            int lo = 8 * g, hi = lo + VD.Count;
            int rLo = lo / tw, rHi = hi / tw;
            nuint cLo = (nuint)(x + (lo % tw)), cHi = (nuint)(x + (hi % tw));
            VI xx = Floor((Vec.LoadUnsafe(ref colX, cLo) + Vec.Create(Unsafe.Add(ref rowX, rLo))) + c, (Vec.LoadUnsafe(ref colX, cHi) + Vec.Create(Unsafe.Add(ref rowX, rHi))) + c);
            VI yy = Floor((Vec.LoadUnsafe(ref colY, cLo) + Vec.Create(Unsafe.Add(ref rowY, rLo))) + f, (Vec.LoadUnsafe(ref colY, cHi) + Vec.Create(Unsafe.Add(ref rowY, rHi))) + f);
            VI half = Vec.Create(32768);
            // Columns and rows take Pillow's edge rule as in the VBMI engine: taps t = floor(p - 0.5) and t + 1, weight
            // the fraction; (p - 0.5) and (p + 0.5) share their 16 fraction bits.
            VI xs = xx + half;
            column = Vec.ShiftRightArithmetic(xs, 16);
            fx = Vec.ShiftRightLogical(xs, 16 - AffineScalar.WeightBits) & Vec.Create((1 << AffineScalar.WeightBits) - 1);
            VI ys = yy - half;
            row = Vec.ShiftRightArithmetic(ys, 16);
            fy = Vec.ShiftRightLogical(ys, 16 - AffineScalar.WeightBits) & Vec.Create((1 << AffineScalar.WeightBits) - 1);
            Vector256<uint> ux = xx.AsUInt32(), uy = yy.AsUInt32();
            return (Vec.Equals(Avx2.Min(ux, lastX), ux) & Vec.Equals(Avx2.Min(uy, lastY), uy)).AsInt32();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI Floor(VD lo, VD hi) => Vec.Create(
            Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNegativeInfinity(lo)),
            Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNegativeInfinity(hi)));
    }
}
