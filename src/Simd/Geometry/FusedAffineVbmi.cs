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
/// (read in place, see <see cref="IRowAccess"/>), so <c>vpermi2b</c> fetches a tap for 64 outputs at once; edge clamping is a byte
/// min/max on the permute indices and a clamp of the row index. The 64 outputs are a tile of 64/TH columns by TH rows, TH chosen per call so that
/// the tile crosses the fewest source rows (a wide tile for near-horizontal maps, a square-ish one for rotations);
/// each crossed row costs two permutes and four masked blends. When a tile's taps span fewer than 32 columns (the
/// small rotations and zooms of augmentation on 32- to 64-wide sources), or the rows are at most 32 wide (28x28 digits),
/// four rows' 32-column windows share one permute table and four rows cost four permutes and four blends
/// (<see cref="VbmiTapRows.TakeQuad"/>). Coordinates are 16-bit integer parts and fractions
/// (<see cref="FixedLaneParts"/>), the blend is 16-bit with one <c>vpmaddwd</c> for the vertical step; the integers
/// are those of <see cref="FusedFixed.Scalar"/>.
/// </summary>
internal static class FusedAffineVbmi
{
    private const int MaxWidth = 128;

    /// <summary>
    /// Wider sources take tiles of several rows whose taps span at most this many columns: each tile then reads a
    /// 64-byte window of every crossed row, from its leftmost tap (<see cref="WindowedTiles"/>).
    /// </summary>
    private const int WindowSpan = 62;

    /// <summary>Columns per row window in the four-row tables.</summary>
    private const int Window = 32;

    /// <summary>Above this many crossed source rows per tile the per-pixel scalar loop is cheaper.</summary>
    private const double MaxRowsPerTile = 24;

    /// <summary>The tile height to use (1, 2, 4 or 8), or 0 when this engine does not apply.</summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f)
    {
        if (!Avx512Vbmi.IsSupported || !f.FitsInt32(dst.Width, dst.Height, src.Width, src.Height))
        {
            return 0;
        }

        if (src.Width > MaxWidth)
        {
            int wide = TileShape.FewestRowsInWindow(VB.Count, 8, dst.Width, dst.Height, f.YPerX, f.YPerY, f.XPerX, f.XPerY, WindowSpan, out double crossed);
            return wide > 0 && crossed + 2 < MaxRowsPerTile ? wide : 0;
        }

        int th = TileShape.FewestRows(VB.Count, 8, dst.Width, dst.Height, f.YPerX, f.YPerY, out double rows);
        return th > 0 && rows + 2 < MaxRowsPerTile ? th : 0;
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, int th, byte fill)
    {
        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            bool fourRows = UsesFourRowTables(src.Width, f, th);
            if (src.Width > MaxWidth)
            {
                // TileHeight chose a multi-row tile whose taps fit a window of the row.
                WindowedTiles(srcBase, src, dst, f, th, fill);
            }
            else if (fourRows && src.Width >= Window)
            {
                // The windows lie inside the rows: no masks needed whatever the width.
                Tiles<WholeRow, FourRowTables>(srcBase, src, dst, f, th, fill);
            }
            else if (fourRows)
            {
                // Rows narrower than a window are read under the row mask, whole.
                Tiles<MaskedRow, FourRowTables>(srcBase, src, dst, f, th, fill);
            }
            else if (src.Width == VB.Count)
            {
                Tiles<WholeRow, TwoRowTables>(srcBase, src, dst, f, th, fill);
            }
            else
            {
                Tiles<MaskedRow, TwoRowTables>(srcBase, src, dst, f, th, fill);
            }
        }
    }

    /// <summary>
    /// True when every tile's taps (columns xmin to xmax + 1) fit a <see cref="Window"/>-byte window of a row at most one
    /// register wide, or the whole row does (28x28 digits): then one permute table holds four rows instead of two.
    /// </summary>
    internal static bool UsesFourRowTables(int srcWidth, in FusedFixed f, int th)
    {
        if (srcWidth <= Window)
        {
            return true;
        }

        if (srcWidth > VB.Count)
        {
            return false;
        }

        (long low, long high) = TileShape.CornerOffsets((int)f.XPerX, (int)f.XPerY, VB.Count / th, th);
        return ((high - low) >> 16) + 2 < Window;
    }

    /// <summary>Makes the tile height a type argument (<see cref="IStaticInt"/>).</summary>
    private static unsafe void Tiles<TRows, TTables>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, int th, byte fill)
        where TRows : struct, IRowAccess
        where TTables : struct, IVbmiTapTables
    {
        switch (th)
        {
            case 1:
                Run<TRows, TTables, Int1>(srcBase, src, dst, f, fill);
                break;
            case 2:
                Run<TRows, TTables, Int2>(srcBase, src, dst, f, fill);
                break;
            case 4:
                Run<TRows, TTables, Int4>(srcBase, src, dst, f, fill);
                break;
            default:
                Run<TRows, TTables, Int8>(srcBase, src, dst, f, fill);
                break;
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run<TRows, TTables, TTile>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, byte fill)
        where TRows : struct, IRowAccess
        where TTables : struct, IVbmiTapTables
        where TTile : struct, IStaticInt
    {
        int th = TTile.Value;
        int w = src.Width;
        int h = src.Height;
        // Source rows are read in place (TRows: plain loads of 64-pixel rows, fault-suppressing masked loads of shorter
        // ones): nothing past a row is touched.
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(w, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(w - VB.Count, 0)));
        bool twoRegisters = TRows.TwoRegisters(w);
        nint srcStride = ImageLayout.Stride(src);
        VB lastColumn = Vec.Create((byte)(w - 1));
        VB one = Vec.Create((byte)1);

        int tw = VB.Count / th;
        int xpx = (int)f.XPerX, xpy = (int)f.XPerY, ypx = (int)f.YPerX, ypy = (int)f.YPerY;
        var lanes = new Lanes(new FixedLaneParts(xpx, xpy, tw), new FixedLaneParts(ypx, ypy, tw), w, h);
        VB fillV = Vec.Create(fill);
        VB outside = Vec.Create((byte)255);
        ref byte d0 = ref dst.DangerousGetReference();
        nint dstride = ImageLayout.Stride(dst);
        // FitsInt32 keeps every coordinate, corners included, below 2^29: the offsets and the sums fit int32.
        (long yLow64, long yHigh64) = TileShape.CornerOffsets(ypx, ypy, tw, th);
        (long xLow64, long xHigh64) = TileShape.CornerOffsets(xpx, xpy, tw, th);
        int yLow = (int)yLow64, yHigh = (int)yHigh64, xLow = (int)xLow64, xHigh = (int)xHigh64;
        int lastWindow = Math.Max(w - Window, 0);

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
                    // The tile's tap points span the hull of its corners; this one misses the source on one axis.
                    Store(fillV, ref Unsafe.Add(ref dstRow, x), dstride, th);
                    continue;
                }

                ymin = Math.Clamp(ymin, -1, h - 1);
                ymax = Math.Clamp(ymax, -1, h - 1);
                lanes.Tile(bx, by, ymin, out VB shifted, out VB rel, out VW fxA, out VW fxB, out VW fyA, out VW fyB);
                // Column + 1 per lane (in [0, w] when inside); clamping both taps to the row is Pillow's edge rule.
                VB left = Vec.Max(shifted, one) - one;
                VB right = Vec.Min(shifted, lastColumn);

                // Outside lanes (255) may pick up taps; the fill replaces them.
                var taps = new VbmiTapRows(rel, VB.Zero);
                int last = ymax - ymin + 1;
                if (TTables.FourRows)
                {
                    int window = Math.Clamp(xmin, 0, lastWindow);
                    VB start = Vec.Create((byte)window);
                    VbmiTapRows.QuadIndices(rel, left - start, right - start, out VB topLeft, out VB topRight, out VB bottomLeft, out VB bottomRight);
                    taps.TakeQuads<TRows>(srcBase + window, srcStride, ymin, last, h, maskLo, topLeft, topRight, bottomLeft, bottomRight);
                }
                else if (twoRegisters)
                {
                    taps.TakeRows(srcBase, srcStride, ymin, last, h, maskLo, maskHi, left, right);
                }
                else
                {
                    VbmiTapRows.PairIndices(rel, left, right, out VB topLeft, out VB topRight, out VB bottomLeft, out VB bottomRight);
                    taps.TakePairs<TRows>(srcBase, srcStride, ymin, last, h, maskLo, topLeft, topRight, bottomLeft, bottomRight);
                }

                VW r0 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, fxA, fyA, orderA: true);
                VW r1 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, fxB, fyB, orderA: false);
                VB result = Vec.ConditionalSelect(Vec.Equals(rel, outside), fillV, Avx512BW.PackUnsignedSaturate(r0.AsInt16(), r1.AsInt16()));
                Store(result, ref Unsafe.Add(ref dstRow, x), dstride, th);
            }
        }
    }

    private static unsafe void WindowedTiles(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, int th, byte fill)
    {
        switch (th)
        {
            case 2:
                WindowedTiles<Int2>(srcBase, src, dst, f, fill);
                break;
            case 4:
                WindowedTiles<Int4>(srcBase, src, dst, f, fill);
                break;
            default:
                WindowedTiles<Int8>(srcBase, src, dst, f, fill);
                break;
        }
    }

    /// <summary>
    /// The tile loop on sources wider than 128: each tile reads the 64 bytes of each crossed row from its leftmost tap
    /// (kept inside the row) with two-row tables, and its tap columns are relative to that window. A loop of its own,
    /// like <see cref="AffineNearestVbmi"/>'s: a window folded into the narrow sources' loop cost that loop registers.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WindowedTiles<TTile>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, byte fill)
        where TTile : struct, IStaticInt
    {
        int th = TTile.Value;
        int w = src.Width;
        int h = src.Height;
        nint srcStride = ImageLayout.Stride(src);
        VB one = Vec.Create((byte)1);
        int tw = VB.Count / th;
        int xpx = (int)f.XPerX, xpy = (int)f.XPerY, ypx = (int)f.YPerX, ypy = (int)f.YPerY;
        var lanes = new Lanes(new FixedLaneParts(xpx, xpy, tw), new FixedLaneParts(ypx, ypy, tw), w, h);
        VB fillV = Vec.Create(fill);
        VB outside = Vec.Create((byte)255);
        ref byte d0 = ref dst.DangerousGetReference();
        nint dstride = ImageLayout.Stride(dst);
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
                    Store(fillV, ref Unsafe.Add(ref dstRow, x), dstride, th);
                    continue;
                }

                ymin = Math.Clamp(ymin, -1, h - 1);
                ymax = Math.Clamp(ymax, -1, h - 1);
                // TileHeight kept every tap within WindowSpan columns of the leftmost one.
                int window = Math.Clamp(xmin, 0, w - VB.Count);
                lanes.Tile(bx, by, window, ymin, out VB shifted, out VB rel, out VW fxA, out VW fxB, out VW fyA, out VW fyB);
                VB left = Vec.Max(shifted, one) - one;
                VB right = Vec.Min(shifted, Vec.Create((byte)Math.Min(w - 1 - window, byte.MaxValue)));
                var taps = new VbmiTapRows(rel, VB.Zero);
                VbmiTapRows.PairIndices(rel, left, right, out VB topLeft, out VB topRight, out VB bottomLeft, out VB bottomRight);
                taps.TakePairs<WholeRow>(srcBase + window, srcStride, ymin, ymax - ymin + 1, h, VB.AllBitsSet, topLeft, topRight, bottomLeft, bottomRight);

                VW r0 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, fxA, fyA, orderA: true);
                VW r1 = Blend(taps.P00, taps.P01, taps.P10, taps.P11, fxB, fyB, orderA: false);
                VB result = Vec.ConditionalSelect(Vec.Equals(rel, outside), fillV, Avx512BW.PackUnsignedSaturate(r0.AsInt16(), r1.AsInt16()));
                Store(result, ref Unsafe.Add(ref dstRow, x), dstride, th);
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
                // One extract per quarter: GetLower/GetUpper chains cost the JIT two extracts and a copy for some.
                v.GetLower().GetLower().StoreUnsafe(ref at);
                Avx512F.ExtractVector128(v, 1).StoreUnsafe(ref Unsafe.Add(ref at, stride));
                Avx512F.ExtractVector128(v, 2).StoreUnsafe(ref Unsafe.Add(ref at, 2 * stride));
                Avx512F.ExtractVector128(v, 3).StoreUnsafe(ref Unsafe.Add(ref at, 3 * stride));
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
    /// <see cref="FusedFixed.Blend"/> for 32 pixels in 16-bit lanes, in <see cref="FixedLaneParts"/> order A (the low
    /// eight bytes of each 128-bit lane of the taps, widened by unpacking against zero) or B (the high eight): the
    /// horizontal step as <c>p0 * 128 + (p1 - p0) * fx</c> (at most 32640, exact in 16 bits), the vertical one as an
    /// exact 32-bit dot product of (top, bottom) with (128 - fy, fy). The unpack/pack pair works within 128-bit lanes
    /// and so keeps the order; a byte pack of the A and B results yields lane order.
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
        VI lo = Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackLow(top, bottom), Avx512BW.UnpackLow(wyc, wy)) + round;
        VI hi = Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackHigh(top, bottom), Avx512BW.UnpackHigh(wyc, wy)) + round;
        return Avx512BW.PackUnsignedSaturate(Vec.ShiftRightArithmetic(lo, 2 * bits), Vec.ShiftRightArithmetic(hi, 2 * bits));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VW Widen(VB taps, bool orderA) => (orderA ? Avx512BW.UnpackLow(taps, VB.Zero) : Avx512BW.UnpackHigh(taps, VB.Zero)).AsUInt16();

    /// <summary>
    /// A tile's taps and weights from its 16.16 coordinates in 16-bit lanes (<see cref="FixedLaneParts"/>): the
    /// integer parts of T give the left tap column + 1 and the top tap row relative to ymin, the fraction bits the
    /// weights, and the integer parts of T + <see cref="FusedFixed.InsideShift"/> the inside test. The 32-bit lanes of
    /// <see cref="FusedFixed.FitsInt32"/> keep every integer part within +-8192, so the word arithmetic is exact.
    /// </summary>
    private readonly struct Lanes(FixedLaneParts x, FixedLaneParts y, int width, int height)
    {
        private readonly VW widthLimit = Vec.Create((ushort)width);
        private readonly VW heightLimit = Vec.Create((ushort)height);

        /// <summary>
        /// Left tap column + 1 and relative top row per lane (255 when outside), in lane order, and the weights in
        /// order A and B.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Tile(int tx, int ty, int ymin, out VB shifted, out VB rel, out VW fxA, out VW fxB, out VW fyA, out VW fyB) =>
            Tile(tx, ty, 0, ymin, out shifted, out rel, out fxA, out fxB, out fyA, out fyB);

        /// <summary>The same with the columns relative to <paramref name="xmin"/> (a window of a wide row).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Tile(int tx, int ty, int xmin, int ymin, out VB shifted, out VB rel, out VW fxA, out VW fxB, out VW fyA, out VW fyB)
        {
            x.Integers(tx, xmin - 1, out VS colA, out VS colB);
            y.Integers(ty, ymin, out VS rowA, out VS rowB);
            x.Integers(tx + FusedFixed.InsideShift, 0, out VS sxA, out VS sxB);
            y.Integers(ty + FusedFixed.InsideShift, 0, out VS syA, out VS syB);
            rowA = Vec.ConditionalSelect(Inside(sxA, syA), rowA, Vec.Create((short)255));
            rowB = Vec.ConditionalSelect(Inside(sxB, syB), rowB, Vec.Create((short)255));
            // Inside lanes hold columns + 1 in [0, width] and rows in [0, 25]: the unsigned packs keep them exact.
            shifted = Avx512BW.PackUnsignedSaturate(colA, colB);
            rel = Avx512BW.PackUnsignedSaturate(rowA, rowB);
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
