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
/// <see cref="FusedFixed"/> with AVX2 byte shuffles for sources 16 to 128 pixels wide: the sibling of
/// <see cref="FusedAffineVbmi"/> for the machines without VBMI (AVX2-only hosts, and AVX-512 without VBMI). The 32
/// outputs of a register are a block of 32/TH columns by TH rows, TH chosen per call so that the block crosses the
/// fewest source rows; each crossed row is looked up at the block's left and right tap columns with
/// <c>vpshufb</c> (<see cref="Avx2TapRows"/>) instead of per-pixel loads. Coordinates are 16-bit integer parts and
/// fractions (<see cref="FixedLaneParts256"/>), the blend is <see cref="FusedFixed.Blend"/> in 16-bit lanes with one
/// <c>vpmaddwd</c> for the vertical step; the integers are those of <see cref="FusedFixed.Scalar"/>.
/// </summary>
internal static class FusedAffineAvx2
{
    private const int MinWidth = 16;

    /// <summary>Columns + 1 go through unsigned byte packs (up to 255); 128 matches the VBMI engine.</summary>
    private const int MaxWidth = 128;

    /// <summary>
    /// The block height to use (1, 2 or 4), or 0 when this engine does not apply: no AVX2, a source narrower than one
    /// chunk or wider than 128, coordinates outside the 32-bit lanes, or no block shape that suits
    /// <see cref="ShuffleBlocks.BlockHeight"/>.
    /// </summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f) =>
        Avx2.IsSupported && src.Width >= MinWidth && src.Width <= MaxWidth && f.FitsInt32(dst.Width, dst.Height, src.Width, src.Height)
            ? ShuffleBlocks.BlockHeight(VB.Count, src.Width, dst.Width, dst.Height, f.XPerX / 65536.0, f.XPerY / 65536.0, f.YPerX / 65536.0, f.YPerY / 65536.0)
            : 0;

    /// <summary>The 16-byte chunks of a row's window for blocks <paramref name="th"/> rows high (<see cref="ShuffleBlocks.Chunks"/>).</summary>
    internal static int Chunks(int srcWidth, in FusedFixed f, int th) =>
        ShuffleBlocks.Chunks(srcWidth, ShuffleBlocks.Spread(VB.Count, f.XPerX / 65536.0, f.XPerY / 65536.0, th));

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose.</summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, int th, byte fill) =>
        ShuffleBlocks.Run<Loop, FusedFixed>(src, dst, f, Chunks(src.Width, f, th), th, fill);

    /// <summary>The block loop, one JIT copy per chunk count and block height (<see cref="ShuffleBlocks"/>).</summary>
    private readonly struct Loop : IShuffleBlockLoop<FusedFixed>
    {
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run<TChunks, TTile>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, byte fill)
            where TChunks : struct, IStaticInt
            where TTile : struct, IStaticInt
        {
            int th = TTile.Value;
            int w = src.Width;
            int h = src.Height;
            nint srcStride = ImageLayout.Stride(src);
            VB lastColumn = Vec.Create((byte)(w - 1));
            VB one = VB.One;

            int tw = VB.Count / th;
            int xpx = (int)f.XPerX, xpy = (int)f.XPerY, ypx = (int)f.YPerX, ypy = (int)f.YPerY;
            var lanes = new Lanes(new FixedLaneParts256(xpx, xpy, tw), new FixedLaneParts256(ypx, ypy, tw), w, h);
            VB fillV = Vec.Create(fill);
            VB outside = Vec.Create((byte)255);
            ref byte d0 = ref dst.DangerousGetReference();
            nint dstride = ImageLayout.Stride(dst);
            // FitsInt32 keeps every coordinate, corners included, below 2^29: the offsets and the sums fit int32.
            (long yLow64, long yHigh64) = TileShape.CornerOffsets(ypx, ypy, tw, th);
            (long xLow64, long xHigh64) = TileShape.CornerOffsets(xpx, xpy, tw, th);
            int yLow = (int)yLow64, yHigh = (int)yHigh64, xLow = (int)xLow64, xHigh = (int)xHigh64;

            for (int y0 = 0; y0 < dst.Height; y0 += th)
            {
                int y = Math.Min(y0, dst.Height - th);
                long rowX = f.XOrigin + (y * f.XPerY), rowY = f.YOrigin + (y * f.YPerY);
                ref byte dstRow = ref Unsafe.Add(ref d0, y * dstride);
                for (int x0 = 0; x0 < dst.Width; x0 += tw)
                {
                    int x = Math.Min(x0, dst.Width - tw);
                    int bx = (int)(rowX + (x * f.XPerX));
                    int by = (int)(rowY + (x * f.YPerX));
                    int ymin = (by + yLow) >> 16, ymax = (by + yHigh) >> 16;
                    int xmin = (bx + xLow) >> 16, xmax = (bx + xHigh) >> 16;
                    if (ymax < -1 || ymin > h - 1 || xmax < -1 || xmin > w - 1)
                    {
                        // The block's tap points span the hull of its corners; this one misses the source on one axis.
                        AffineNearestAvx2.Store(fillV, ref Unsafe.Add(ref dstRow, x), dstride, th);
                        continue;
                    }

                    ymin = Math.Clamp(ymin, -1, h - 1);
                    ymax = Math.Clamp(ymax, -1, h - 1);
                    lanes.Tile(bx, by, ymin, out VB shifted, out VB rel, out VW fxA, out VW fxB, out VW fyA, out VW fyB);
                    // Column + 1 per lane (in [0, w] when inside); clamping both taps to the row is Pillow's edge rule.
                    VB left = Vec.Max(shifted, one) - one;
                    VB right = Vec.Min(shifted, lastColumn);
                    // Every inside lane's taps lie in columns max(xmin, 0) to min(xmax + 1, w - 1), which Chunks bounds.
                    ShuffleBlocks.Window(xmin, w, TChunks.Value, out int start, out int next);
                    Avx2TapRows.Indices<TChunks>(left, right, start, next, out VB left0, out VB right0, out VB left1, out VB right1);

                    // Outside lanes (255) may pick up taps; the fill replaces them.
                    var taps = new Avx2TapRows(rel, VB.Zero);
                    taps.TakeRows<TChunks>(srcBase + start, next - start, srcStride, ymin, ymax - ymin + 1, h, left0, right0, left1, right1);

                    VW r0 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, fxA, fyA, orderA: true);
                    VW r1 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, fxB, fyB, orderA: false);
                    VB result = Vec.ConditionalSelect(Vec.Equals(rel, outside), fillV, Avx2.PackUnsignedSaturate(r0.AsInt16(), r1.AsInt16()));
                    AffineNearestAvx2.Store(result, ref Unsafe.Add(ref dstRow, x), dstride, th);
                }
            }
        }
    }

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
    private readonly struct Lanes(FixedLaneParts256 x, FixedLaneParts256 y, int width, int height)
    {
        // AVX2 has no unsigned word compare: s < size unsigned is min(s, size - 1) == s.
        private readonly VW lastColumn = Vec.Create((ushort)(width - 1));
        private readonly VW lastRow = Vec.Create((ushort)(height - 1));

        /// <summary>
        /// Left tap column + 1 and relative top row per lane (255 when outside), in lane order, and the weights in
        /// order A and B.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Tile(int tx, int ty, int ymin, out VB shifted, out VB rel, out VW fxA, out VW fxB, out VW fyA, out VW fyB)
        {
            x.Integers(tx, -1, out VS colA, out VS colB);
            y.Integers(ty, ymin, out VS rowA, out VS rowB);
            x.Integers(tx + FusedFixed.InsideShift, 0, out VS sxA, out VS sxB);
            y.Integers(ty + FusedFixed.InsideShift, 0, out VS syA, out VS syB);
            rowA = Vec.ConditionalSelect(Inside(sxA, syA), rowA, Vec.Create((short)255));
            rowB = Vec.ConditionalSelect(Inside(sxB, syB), rowB, Vec.Create((short)255));
            // Inside lanes hold columns + 1 in [0, width] and rows below 16: the unsigned packs keep them exact.
            shifted = Avx2.PackUnsignedSaturate(colA, colB);
            rel = Avx2.PackUnsignedSaturate(rowA, rowB);
            x.Fractions(tx, out fxA, out fxB);
            y.Fractions(ty, out fyA, out fyB);
            fxA = Vec.ShiftRightLogical(fxA, 16 - FusedFixed.WeightBits);
            fxB = Vec.ShiftRightLogical(fxB, 16 - FusedFixed.WeightBits);
            fyA = Vec.ShiftRightLogical(fyA, 16 - FusedFixed.WeightBits);
            fyB = Vec.ShiftRightLogical(fyB, 16 - FusedFixed.WeightBits);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private VS Inside(VS sampleX, VS sampleY)
        {
            VW sx = sampleX.AsUInt16(), sy = sampleY.AsUInt16();
            return (Vec.Equals(Vec.Min(sx, lastColumn), sx) & Vec.Equals(Vec.Min(sy, lastRow), sy)).AsInt16();
        }
    }
}
