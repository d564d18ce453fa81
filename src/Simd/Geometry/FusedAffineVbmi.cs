using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VI = System.Runtime.Intrinsics.Vector512<int>;
using VS = System.Runtime.Intrinsics.Vector512<short>;
using VW = System.Runtime.Intrinsics.Vector512<ushort>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// <see cref="FusedFixed"/> with AVX-512 VBMI for sources up to 128 pixels wide. A source row is at most two registers
/// (masked loads, read in place), so <c>vpermi2b</c> fetches a tap for 64 outputs at once; edge clamping is a byte
/// min/max on the permute indices and a clamp of the row index. The 64 outputs are a tile of 64/TH columns by TH rows, TH chosen per call so that
/// the tile crosses the fewest source rows (a wide tile for near-horizontal maps, a square-ish one for rotations);
/// each crossed row costs two permutes and four masked blends. Coordinates are 32-bit integer adds, the blend is
/// 16-bit with one <c>vpmaddwd</c> for the vertical step; the integers are those of <see cref="FusedFixed.Scalar"/>.
/// </summary>
internal static class FusedAffineVbmi
{
    private const int MaxWidth = 128;

    /// <summary>Above this many crossed source rows per tile the per-pixel scalar loop is cheaper.</summary>
    private const double MaxRowsPerTile = 24;

    /// <summary>The tile height to use (1, 2, 4 or 8), or 0 when this engine does not apply.</summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f)
    {
        if (!Avx512Vbmi.IsSupported || src.Width > MaxWidth || !f.FitsInt32(dst.Width, dst.Height, src.Width, src.Height))
        {
            return 0;
        }

        int best = 0;
        double bestRows = MaxRowsPerTile;
        for (int th = 1; th <= 8; th *= 2)
        {
            int tw = VB.Count / th;
            if (dst.Width < tw || dst.Height < th)
            {
                continue;
            }

            double rows = (((Math.Abs(f.YPerX) * (tw - 1)) + (Math.Abs(f.YPerY) * (th - 1))) / 65536.0) + 2;
            if (rows < bestRows)
            {
                bestRows = rows;
                best = th;
            }
        }

        return best;
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, int th, byte fill)
    {
        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            Run(srcBase, src, dst, f, th, fill);
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, int th, byte fill)
    {
        int w = src.Width;
        int h = src.Height;
        // Source rows are read in place with fault-suppressing masked loads: nothing past a row is touched.
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(w, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(w - VB.Count, 0)));
        bool twoRegisters = w > VB.Count;
        nint srcStride = ImageLayout.Stride(src);
        VB lastColumn = Vec.Create((byte)(w - 1));
        VB one = Vec.Create((byte)1);

        int tw = VB.Count / th;
        int xpx = (int)f.XPerX, xpy = (int)f.XPerY, ypx = (int)f.YPerX, ypy = (int)f.YPerY;
        // Lane i of a tile is output (i % tw, i / tw) relative to the tile origin; tw is a power of two.
        VI laneMask = Vec.Create(tw - 1);
        int laneShift = System.Numerics.BitOperations.Log2((uint)tw);
        VI i0 = VI.Indices, i1 = i0 + Vec.Create(16), i2 = i0 + Vec.Create(32), i3 = i0 + Vec.Create(48);
        VI pxx = Vec.Create(xpx), pxy = Vec.Create(xpy), pyx = Vec.Create(ypx), pyy = Vec.Create(ypy);
        VI ox0 = ((i0 & laneMask) * pxx) + (Vec.ShiftRightLogical(i0, laneShift) * pxy);
        VI ox1 = ((i1 & laneMask) * pxx) + (Vec.ShiftRightLogical(i1, laneShift) * pxy);
        VI ox2 = ((i2 & laneMask) * pxx) + (Vec.ShiftRightLogical(i2, laneShift) * pxy);
        VI ox3 = ((i3 & laneMask) * pxx) + (Vec.ShiftRightLogical(i3, laneShift) * pxy);
        VI oy0 = ((i0 & laneMask) * pyx) + (Vec.ShiftRightLogical(i0, laneShift) * pyy);
        VI oy1 = ((i1 & laneMask) * pyx) + (Vec.ShiftRightLogical(i1, laneShift) * pyy);
        VI oy2 = ((i2 & laneMask) * pyx) + (Vec.ShiftRightLogical(i2, laneShift) * pyy);
        VI oy3 = ((i3 & laneMask) * pyx) + (Vec.ShiftRightLogical(i3, laneShift) * pyy);
        var geo = new Lanes(w, h);
        VB fillV = Vec.Create(fill);
        VB outside = Vec.Create((byte)255);
        var narrow = new VbmiNarrow();
        ref byte d0 = ref dst.DangerousGetReference();
        nint dstride = ImageLayout.Stride(dst);
        int cornerX = (tw - 1) * ypx;
        int cornerY = (th - 1) * ypy;
        int tileX = (tw - 1) * xpx;
        int tileY = (th - 1) * xpy;

        for (int y0 = 0; y0 < dst.Height; y0 += th)
        {
            int y = Math.Min(y0, dst.Height - th);
            for (int x0 = 0; x0 < dst.Width; x0 += tw)
            {
                int x = Math.Min(x0, dst.Width - tw);
                int bx = (int)(f.XOrigin + (x * f.XPerX) + (y * f.XPerY));
                int by = (int)(f.YOrigin + (x * f.YPerX) + (y * f.YPerY));
                // The map is linear, so the tile's corners bound its tap rows.
                int c0 = by >> 16, c1 = (by + cornerX) >> 16, c2 = (by + cornerY) >> 16, c3 = (by + cornerX + cornerY) >> 16;
                int ymin = Math.Min(Math.Min(c0, c1), Math.Min(c2, c3));
                int ymax = Math.Max(Math.Max(c0, c1), Math.Max(c2, c3));
                int xmin = Math.Min(Math.Min(bx, bx + tileX), Math.Min(bx + tileY, bx + tileX + tileY)) >> 16;
                int xmax = Math.Max(Math.Max(bx, bx + tileX), Math.Max(bx + tileY, bx + tileX + tileY)) >> 16;
                if (ymax < -1 || ymin > h - 1 || xmax < -1 || xmin > w - 1)
                {
                    // The tile's tap points span the hull of its corners; this one misses the source on one axis.
                    Store(fillV, ref Unsafe.Add(ref d0, (y * dstride) + x), dstride, th);
                    continue;
                }

                ymin = Math.Clamp(ymin, -1, h - 1);
                ymax = Math.Clamp(ymax, -1, h - 1);
                VI bxV = Vec.Create(bx);
                VI byV = Vec.Create(by);
                VI rowMin = Vec.Create(ymin);
                VI a0 = geo.Pack(bxV + ox0, byV + oy0, rowMin, out VI fx0, out VI fy0);
                VI a1 = geo.Pack(bxV + ox1, byV + oy1, rowMin, out VI fx1, out VI fy1);
                VI a2 = geo.Pack(bxV + ox2, byV + oy2, rowMin, out VI fx2, out VI fy2);
                VI a3 = geo.Pack(bxV + ox3, byV + oy3, rowMin, out VI fx3, out VI fy3);
                VW pk0 = narrow.Words(a0, a1);
                VW pk1 = narrow.Words(a2, a3);
                // Column + 1 per lane (in [0, w] when inside); clamping both taps to the row is Pillow's edge rule.
                VB shifted = narrow.Bytes(pk0, pk1);
                VB left = Vec.Max(shifted, one) - one;
                VB right = Vec.Min(shifted, lastColumn);
                // Source row of the top tap relative to ymin; 255 marks an outside lane.
                VB rel = narrow.Bytes(Vec.ShiftRightLogical(pk0, 8), Vec.ShiftRightLogical(pk1, 8));

                // Outside lanes (255) may pick up taps; the fill replaces them.
                var taps = new VbmiTapRows(rel, VB.Zero);
                int last = ymax - ymin + 1;
                if (twoRegisters)
                {
                    for (int k = 0; k <= last; k++)
                    {
                        (VB lo, VB hi) = VbmiTapRows.Load(srcBase + (Math.Clamp(ymin + k, 0, h - 1) * srcStride), maskLo, maskHi);
                        taps.Take(lo, hi, left, right);
                    }
                }
                else
                {
                    VbmiTapRows.PairIndices(rel, left, right, out VB topLeft, out VB topRight, out VB bottomLeft, out VB bottomRight);
                    for (int k = 0; k <= last; k += 2)
                    {
                        VB first = Avx512BW.MaskLoad(srcBase + (Math.Clamp(ymin + k, 0, h - 1) * srcStride), maskLo, VB.Zero);
                        VB second = Avx512BW.MaskLoad(srcBase + (Math.Clamp(ymin + k + 1, 0, h - 1) * srcStride), maskLo, VB.Zero);
                        taps.TakePair(first, second, topLeft, topRight, bottomLeft, bottomRight);
                    }
                }

                VW r0 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, narrow.Words(fx0, fx1), narrow.Words(fy0, fy1), lower: true);
                VW r1 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, narrow.Words(fx2, fx3), narrow.Words(fy2, fy3), lower: false);
                VB result = Vec.ConditionalSelect(Vec.Equals(rel, outside), fillV, narrow.Bytes(r0, r1));
                Store(result, ref Unsafe.Add(ref d0, (y * dstride) + x), dstride, th);
            }
        }
    }

    /// <summary>Writes a 64-pixel tile of <paramref name="th"/> rows (shared with the nearest tiles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(VB v, ref byte at, nint stride, int th)
    {
        switch (th)
        {
            case 1:
                v.StoreUnsafe(ref at);
                break;
            case 2:
                v.GetLower().StoreUnsafe(ref at);
                v.GetUpper().StoreUnsafe(ref Unsafe.Add(ref at, stride));
                break;
            case 4:
                v.GetLower().GetLower().StoreUnsafe(ref at);
                v.GetLower().GetUpper().StoreUnsafe(ref Unsafe.Add(ref at, stride));
                v.GetUpper().GetLower().StoreUnsafe(ref Unsafe.Add(ref at, 2 * stride));
                v.GetUpper().GetUpper().StoreUnsafe(ref Unsafe.Add(ref at, 3 * stride));
                break;
            default:
                Vector512<ulong> q = v.AsUInt64();
                for (int i = 0; i < Vector512<ulong>.Count; i++)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, i * stride), q.GetElement(i));
                }

                break;
        }
    }

    /// <summary>
    /// <see cref="FusedFixed.Blend"/> for 32 pixels (the lower or upper half of the taps) in 16-bit lanes: the
    /// horizontal step as <c>p0 * 128 + (p1 - p0) * fx</c> (at most 32640, exact in 16 bits), the vertical one as an
    /// exact 32-bit dot product of (top, bottom) with (128 - fy, fy). The unpack/pack pair works within 128-bit lanes
    /// and so restores the pixel order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VW Blend(VB p00, VB p01, VB p10, VB p11, VW fx, VW fy, bool lower)
    {
        const int bits = FusedFixed.WeightBits;
        VW a = lower ? Vec.WidenLower(p00) : Vec.WidenUpper(p00);
        VW b = lower ? Vec.WidenLower(p01) : Vec.WidenUpper(p01);
        VW c = lower ? Vec.WidenLower(p10) : Vec.WidenUpper(p10);
        VW d = lower ? Vec.WidenLower(p11) : Vec.WidenUpper(p11);
        VS top = (Vec.ShiftLeft(a, bits) + ((b - a) * fx)).AsInt16();
        VS bottom = (Vec.ShiftLeft(c, bits) + ((d - c) * fx)).AsInt16();
        VS wy = fy.AsInt16();
        VS wyc = Vec.Create((short)(1 << bits)) - wy;
        VI round = Vec.Create(1 << ((2 * bits) - 1));
        VI lo = Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackLow(top, bottom), Avx512BW.UnpackLow(wyc, wy)) + round;
        VI hi = Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackHigh(top, bottom), Avx512BW.UnpackHigh(wyc, wy)) + round;
        return Avx512BW.PackUnsignedSaturate(Vec.ShiftRightArithmetic(lo, 2 * bits), Vec.ShiftRightArithmetic(hi, 2 * bits));
    }

    /// <summary>Per-call constants of the lane computation.</summary>
    private readonly struct Lanes(int width, int height)
    {
        private readonly Vector512<uint> widthLimit = Vec.Create((uint)width << 16);
        private readonly Vector512<uint> heightLimit = Vec.Create((uint)height << 16);

        /// <summary>
        /// For 16 pixels: left-tap column + 1 | relative top-tap row &lt;&lt; 8 (255 when outside) and the weights.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VI Pack(VI tx, VI ty, VI rowMin, out VI fx, out VI fy)
        {
            VI shift = Vec.Create(FusedFixed.InsideShift);
            VI mask = Vec.Create((1 << FusedFixed.WeightBits) - 1);
            VI ok = (Vec.LessThan((tx + shift).AsUInt32(), widthLimit) & Vec.LessThan((ty + shift).AsUInt32(), heightLimit)).AsInt32();
            VI column = (Vec.ShiftRightArithmetic(tx, 16) + Vec.Create(1)) & Vec.Create(255);
            VI row = Vec.ConditionalSelect(ok, Vec.ShiftRightArithmetic(ty, 16) - rowMin, Vec.Create(255));
            fx = Vec.ShiftRightArithmetic(tx, 16 - FusedFixed.WeightBits) & mask;
            fy = Vec.ShiftRightArithmetic(ty, 16 - FusedFixed.WeightBits) & mask;
            return column | Vec.ShiftLeft(row, 8);
        }
    }
}
