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
/// <see cref="FusedFixed"/> with the portable 128-bit byte shuffle for sources 16 to 128 pixels wide: the sibling of
/// <see cref="FusedAffineAvx2"/> for the 128-bit path (ARM64 NEON, x64 without AVX2), 16 outputs per register as a
/// block of 16/TH columns by TH rows, each crossed row looked up with the native shuffle (<see cref="Vector128TapRows"/>).
/// Coordinates are 16-bit integer parts and fractions (<see cref="FixedLaneParts128"/>); the blend is
/// <see cref="FusedFixed.Blend"/>, its horizontal step in 16-bit lanes and its vertical step widened to 32 bits (no
/// portable multiply-add of word pairs); the integers are those of <see cref="FusedFixed.Scalar"/>.
/// </summary>
internal static class FusedAffineShuffle128
{
    private const int MinWidth = 16;

    /// <summary>Columns + 1 go through truncating byte narrows; 128 matches the wider engines.</summary>
    private const int MaxWidth = 128;

    /// <summary>
    /// The block height to use (1, 2 or 4), or 0 when this engine does not apply: no 128-bit acceleration, a source narrower than one
    /// chunk or wider than 128, coordinates outside the 32-bit lanes, or no block shape that suits
    /// <see cref="ShuffleBlocks.BlockHeight"/>.
    /// </summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f) =>
        Vec.IsHardwareAccelerated && src.Width >= MinWidth && src.Width <= MaxWidth && f.FitsInt32(dst.Width, dst.Height, src.Width, src.Height)
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
            var lanes = new Lanes(new FixedLaneParts128(xpx, xpy, tw), new FixedLaneParts128(ypx, ypy, tw), w, h);
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
                        Store(fillV, ref Unsafe.Add(ref dstRow, x), dstride, th);
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
                    Vector128TapRows.Indices<TChunks>(left, right, start, next, out VB left0, out VB right0, out VB left1, out VB right1);

                    // Outside lanes (255) may pick up taps; the fill replaces them.
                    var taps = new Vector128TapRows(rel, VB.Zero);
                    taps.TakeRows<TChunks>(srcBase + start, next - start, srcStride, ymin, ymax - ymin + 1, h, left0, right0, left1, right1);

                    VW r0 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, fxA, fyA, low: true);
                    VW r1 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, fxB, fyB, low: false);
                    VB result = Vec.ConditionalSelect(Vec.Equals(rel, outside), fillV, Vec.Narrow(r0, r1));
                    Store(result, ref Unsafe.Add(ref dstRow, x), dstride, th);
                }
            }
        }
    }

    /// <summary>Writes a 16-pixel block of <paramref name="th"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(VB v, ref byte at, nint stride, int th)
    {
        switch (th)
        {
            case 1:
                v.StoreUnsafe(ref at);
                break;
            case 2:
                Unsafe.WriteUnaligned(ref at, v.AsUInt64().GetElement(0));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, stride), v.AsUInt64().GetElement(1));
                break;
            default:
                Vector128<uint> q = v.AsUInt32();
                for (int i = 0; i < Vector128<uint>.Count; i++)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, i * stride), q.GetElement(i));
                }

                break;
        }
    }

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
    private readonly struct Lanes(FixedLaneParts128 x, FixedLaneParts128 y, int width, int height)
    {
        private readonly VW widthLimit = Vec.Create((ushort)width);
        private readonly VW heightLimit = Vec.Create((ushort)height);

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
            // Inside lanes hold columns + 1 in [0, width] and rows below 16, outside lanes row 255: the narrows keep them.
            shifted = Vec.Narrow(colA.AsUInt16(), colB.AsUInt16());
            rel = Vec.Narrow(rowA.AsUInt16(), rowB.AsUInt16());
            x.Fractions(tx, out fxA, out fxB);
            y.Fractions(ty, out fyA, out fyB);
            fxA = Vec.ShiftRightLogical(fxA, 16 - FusedFixed.WeightBits);
            fxB = Vec.ShiftRightLogical(fxB, 16 - FusedFixed.WeightBits);
            fyA = Vec.ShiftRightLogical(fyA, 16 - FusedFixed.WeightBits);
            fyB = Vec.ShiftRightLogical(fyB, 16 - FusedFixed.WeightBits);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private VS Inside(VS sampleX, VS sampleY) =>
            (Vec.LessThan(sampleX.AsUInt16(), widthLimit) & Vec.LessThan(sampleY.AsUInt16(), heightLimit)).AsInt16();
    }
}
