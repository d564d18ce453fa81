using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector128;
using VB = System.Runtime.Intrinsics.Vector128<byte>;
using VD = System.Runtime.Intrinsics.Vector128<double>;
using VI = System.Runtime.Intrinsics.Vector128<int>;
using VS = System.Runtime.Intrinsics.Vector128<short>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow's bilinear warp with the portable 128-bit byte shuffle for sources at least 16 pixels wide: the sibling of
/// <see cref="AffineBilinearAvx2"/> for the 128-bit path (ARM64 NEON, x64 without AVX2), 16 outputs per register as a
/// block of 16/TH columns by TH rows, each crossed row looked up with the native shuffle
/// (<see cref="BilinearShuffleBlocks{TLanes, TBytes, TWeights}"/> over <see cref="ShuffleBytes128"/>).
/// Taps and weights are computed exactly as in the other paths (Pillow's double sample point floored to 16.16), so the
/// output is bit-identical to <see cref="AffineScalar"/>.
/// </summary>
internal static class AffineBilinearShuffle128
{
    /// <summary>The block height, or 0 when this engine does not apply (<see cref="BilinearShuffleBlocks{TLanes, TBytes, TWeights}.TileHeight"/>).</summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m) =>
        BilinearShuffleBlocks<Lanes, ShuffleBytes128, Weights>.TileHeight(src, dst, m);

    /// <summary>The 16-byte chunks of a row's window for blocks <paramref name="th"/> rows high.</summary>
    internal static int Chunks(int srcWidth, in AffineMatrix m, int th) => BilinearShuffleBlocks<Lanes, ShuffleBytes128, Weights>.Chunks(srcWidth, m, th);

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose.</summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, int th, byte fill) =>
        BilinearShuffleBlocks<Lanes, ShuffleBytes128, Weights>.Run(src, dst, m, th, fill);

    /// <summary>Lanes 0-15 from int32 lanes of a to d, saturated to [-128, 127] (<c>packss*</c>, <c>sqxtn</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VB Pack(VI a, VI b, VI c, VI d) =>
        Vec.NarrowWithSaturation(Vec.NarrowWithSaturation(a, b), Vec.NarrowWithSaturation(c, d)).AsByte();

    /// <summary>
    /// <see cref="Pack"/> of columns (in [-32768, 32767]: the sample points fit int32) less <paramref name="origin"/>,
    /// subtracted between the narrows: two word subtractions instead of four dword ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VB PackRelative(VI a, VI b, VI c, VI d, VS origin) =>
        Vec.NarrowWithSaturation(Vec.NarrowWithSaturation(a, b) - origin, Vec.NarrowWithSaturation(c, d) - origin).AsByte();

    /// <summary>The lane's row relative to the block's first, or <paramref name="outside"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Relative(VI inside, VI row, VI minRow, VI outside) => Vec.ConditionalSelect(inside, row - minRow, outside);

    /// <summary>The least of four lanes (also the last step of the AVX2 engine's eight-lane one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Min(VI m)
    {
        m = Vec.Min(m, Vec.Shuffle(m, Vec.Create(2, 3, 0, 1)));
        return Vec.Min(m, Vec.Shuffle(m, Vec.Create(1, 0, 3, 2))).ToScalar();
    }

    /// <summary>The greatest of four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Max(VI m)
    {
        m = Vec.Max(m, Vec.Shuffle(m, Vec.Create(2, 3, 0, 1)));
        return Vec.Max(m, Vec.Shuffle(m, Vec.Create(1, 0, 3, 2))).ToScalar();
    }

    /// <summary>The 11-bit weights of a block's four groups of four lanes.</summary>
    private struct Weights
    {
        public VI Fx0, Fx1, Fx2, Fx3, Fy0, Fy1, Fy2, Fy3;
    }

    /// <summary>
    /// The four taps of 16 lanes (in lane order), blended 4 lanes at a time with <see cref="AffineScalar.Blend"/>'s
    /// integers, the taps widened to 32 bits (there is no portable multiply-add of word pairs).
    /// </summary>
    private readonly ref struct TapPairs(VB p00, VB p01, VB p10, VB p11)
    {
        private readonly Vector128<ushort> p00Low = Vec.WidenLower(p00), p00High = Vec.WidenUpper(p00), p01Low = Vec.WidenLower(p01), p01High = Vec.WidenUpper(p01);
        private readonly Vector128<ushort> p10Low = Vec.WidenLower(p10), p10High = Vec.WidenUpper(p10), p11Low = Vec.WidenLower(p11), p11High = Vec.WidenUpper(p11);

        /// <summary>Lanes 4g .. 4g + 3; g is a constant at every call.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VI Blend(int g, VI fx, VI fy)
        {
            const int bits = AffineScalar.WeightBits;
            VI a = Lanes(g < 2 ? p00Low : p00High, g), b = Lanes(g < 2 ? p01Low : p01High, g);
            VI c = Lanes(g < 2 ? p10Low : p10High, g), d = Lanes(g < 2 ? p11Low : p11High, g);
            VI top = Vec.ShiftLeft(a, bits) + ((b - a) * fx);
            VI bottom = Vec.ShiftLeft(c, bits) + ((d - c) * fx);
            return Vec.ShiftRightArithmetic(Vec.ShiftLeft(top, bits) + ((bottom - top) * fy), 2 * bits);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI Lanes(Vector128<ushort> words, int g) => ((g & 1) == 0 ? Vec.WidenLower(words) : Vec.WidenUpper(words)).AsInt32();
    }

    /// <summary>
    /// The lanes' sample points, taps and weights (<see cref="IBilinearShuffleLanes{TSelf, TBytes, TWeights}"/>), four
    /// lanes per int32 register, two doubles per double register.
    /// </summary>
    private readonly struct Lanes(in AffineMatrix m, int width, int height) : IBilinearShuffleLanes<Lanes, ShuffleBytes128, Weights>
    {
        // Adding 2^52 + 2^51 puts an integer-valued double's two's-complement low 32 bits in the low mantissa bits: an
        // exact conversion every platform accelerates (a 64-bit vector conversion needs AVX-512 on x64).
        private static readonly VD Magic = Vec.Create(6755399441055744.0);
        private readonly VD c = Vec.Create(m.C * 65536.0);
        private readonly VD f = Vec.Create(m.F * 65536.0);
        private readonly Vector128<uint> widthLimit = Vec.Create((uint)width << 16);
        private readonly Vector128<uint> heightLimit = Vec.Create((uint)height << 16);
        private readonly int lastRow = height - 1;
        private readonly int width = width;

        public double ScaledA { get; } = m.A * 65536.0;

        public double ScaledB { get; } = m.B * 65536.0;

        public double ScaledD { get; } = m.D * 65536.0;

        public double ScaledE { get; } = m.E * 65536.0;

        public static Lanes Create(in AffineMatrix m, int width, int height) => new(m, width, height);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Block<TTile, TChunks>(int x, ref double colX, ref double colY, ref double rowX, ref double rowY, out int ymin, out int ymax, out int start, out int next, out ShuffleBytes128 shifted, out ShuffleBytes128 rel, out Weights weights)
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
            shifted = new(PackRelative(col0, col1, col2, col3, Vec.Create((short)start)));
            VI minRow = Vec.Create(ymin), outside = Vec.Create(127);
            rel = new(Pack(Relative(ok0, by0, minRow, outside), Relative(ok1, by1, minRow, outside), Relative(ok2, by2, minRow, outside), Relative(ok3, by3, minRow, outside)));
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ShuffleBytes128 Blend(ShuffleBytes128 p00, ShuffleBytes128 p01, ShuffleBytes128 p10, ShuffleBytes128 p11, in Weights weights)
        {
            var pairs = new TapPairs(p00.Value, p01.Value, p10.Value, p11.Value);
            VS words01 = Vec.NarrowWithSaturation(pairs.Blend(0, weights.Fx0, weights.Fy0), pairs.Blend(1, weights.Fx1, weights.Fy1));
            VS words23 = Vec.NarrowWithSaturation(pairs.Blend(2, weights.Fx2, weights.Fy2), pairs.Blend(3, weights.Fx3, weights.Fy3));
            return new(Vec.Narrow(words01.AsUInt16(), words23.AsUInt16()));
        }

        /// <summary>
        /// Lanes 4g .. 4g + 3 of the block at column x: the inside mask, the left tap column + 1, the top tap row (both
        /// unclamped) and the 11-bit weights. A double vector (2 lanes) never spans two block rows.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private VI Group<TTile>(int x, int g, ref double colX, ref double colY, ref double rowX, ref double rowY, out VI column, out VI row, out VI fx, out VI fy)
            where TTile : struct, IStaticInt
        {
            int tw = VB.Count / TTile.Value;
            int lo = 4 * g, hi = lo + VD.Count;
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
            return (Vec.LessThan(xx.AsUInt32(), widthLimit) & Vec.LessThan(yy.AsUInt32(), heightLimit)).AsInt32();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI Floor(VD lo, VD hi) => Vec.Narrow((Vec.Floor(lo) + Magic).AsInt64(), (Vec.Floor(hi) + Magic).AsInt64());
    }
}
