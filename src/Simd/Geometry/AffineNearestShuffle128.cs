using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector128;
using VB = System.Runtime.Intrinsics.Vector128<byte>;
using VI = System.Runtime.Intrinsics.Vector128<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow's fixed-point nearest warp with the portable 128-bit byte shuffle, for sources 16 to 64 pixels wide: the
/// sibling of <see cref="AffineNearestAvx2"/> for the 128-bit path (ARM64 NEON, x64 without AVX2). A block of 16
/// outputs (16x1, 8x2 or 4x4) crosses few source rows under the small rotations of augmentation; each crossed row is
/// looked up with the native shuffle (<c>tbl</c> on ARM64, <c>pshufb</c> on x64) in one 16-byte window of the row
/// when the block's columns span fewer than 16, else in every 16-byte chunk of the row, ORed (a chunk's index is 0xFF
/// for the columns it does not hold, which both native shuffles read as zero). Coordinates are the scalar loop's
/// wrapping int32 sums, narrowed with the AVX2 engine's saturation, so the result is bit-identical.
/// </summary>
internal static class AffineNearestShuffle128
{
    /// <summary>Above this many crossed rows per block the per-pixel loads are cheaper.</summary>
    public const int MaxRowsPerBlock = 12;

    private const int MinWidth = 16;

    private const int MaxWidth = 64;

    /// <summary>
    /// The block height (1, 2 or 4) whose block crosses the fewest source rows, or 0 when this engine does not apply:
    /// no 128-bit acceleration, a source narrower than one chunk or wider than four, or too many crossed rows.
    /// </summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f)
    {
        if (!Vec.IsHardwareAccelerated || src.Width < MinWidth || src.Width > MaxWidth)
        {
            return 0;
        }

        int th = TileShape.FewestRows(VB.Count, 4, dst.Width, dst.Height, f.YPerX, f.YPerY, out double rows);
        return th > 0 && Math.Floor(rows) + 2 <= MaxRowsPerBlock ? th : 0;
    }

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, int th, byte fill)
    {
        int w = src.Width;
        int h = src.Height;
        int tw = VB.Count / th;
        nint srcStride = ImageLayout.Stride(src);
        nint dstride = ImageLayout.Stride(dst);
        var lanes = new Lanes(f, tw);
        // Chunk k covers columns base_k to base_k + 15; the last one ends at the row's end (overlapping its neighbour,
        // which is harmless: both give the same pixel and the OR keeps it), so no load leaves the row.
        int chunks = (w + 15) >> 4;
        nint off1 = Math.Min(16, w - 16), off2 = Math.Min(32, w - 16), off3 = w - 16;
        VB base1 = Vec.Create((byte)off1), base2 = Vec.Create((byte)off2), base3 = Vec.Create((byte)off3);
        VB fillV = Vec.Create(fill);
        VI widthV = Vec.Create(w);
        (long low, long high) = TileShape.CornerOffsets(f.YPerX, f.YPerY, tw, th);
        (long left, long right) = TileShape.CornerOffsets(f.XPerX, f.XPerY, tw, th);

        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            ref byte d0 = ref dst.DangerousGetReference();
            for (int y0 = 0; y0 < dst.Height; y0 += th)
            {
                int y = Math.Min(y0, dst.Height - th);
                for (int x0 = 0; x0 < dst.Width; x0 += tw)
                {
                    int x = Math.Min(x0, dst.Width - tw);
                    int bx = unchecked(f.XOrigin + (y * f.XPerY) + (x * f.XPerX));
                    int by = unchecked(f.YOrigin + (y * f.YPerY) + (x * f.YPerX));
                    // As in AffineNearestAvx2: exact bounds in 64 bits; past the int32 range every lane is outside.
                    int ymin = (int)Math.Max((by + low) >> 16, 0);
                    int ymax = (int)Math.Min((by + high) >> 16, h - 1);
                    VB acc = fillV;
                    if (ymin <= ymax)
                    {
                        lanes.Bytes(bx, by, ymin, widthV, out VB column, out VB countdown);
                        byte* line = srcBase + (ymin * srcStride);
                        int xmin = (int)((bx + left) >> 16), xmax = (int)((bx + right) >> 16);
                        if (xmax - xmin < 16)
                        {
                            // The block's columns fit one 16-byte window of the row: one shuffle per row. Clamped to
                            // the row, the window still holds every in-source column of the block; the lanes whose
                            // column is outside the source never match a row, so their indices do not matter.
                            int start = Math.Clamp(xmin, 0, w - 16);
                            VB index = column - Vec.Create((byte)start);
                            for (int r = ymin; r <= ymax; r++, line += srcStride)
                            {
                                acc = Vector128TapRows.Select(Vec.Equals(countdown, VB.Zero), Vec.ShuffleNative(Vec.Load(line + start), index), acc);
                                countdown -= VB.One;
                            }
                        }
                        else
                        {
                            VB i0 = Vector128TapRows.OutsideToZero(column), i1 = Vector128TapRows.OutsideToZero(column - base1);
                            VB i2 = Vector128TapRows.OutsideToZero(column - base2), i3 = Vector128TapRows.OutsideToZero(column - base3);
                            for (int r = ymin; r <= ymax; r++, line += srcStride)
                            {
                                VB v = Vec.ShuffleNative(Vec.Load(line), i0) | Vec.ShuffleNative(Vec.Load(line + off1), i1);
                                if (chunks > 2)
                                {
                                    v |= Vec.ShuffleNative(Vec.Load(line + off2), i2) | Vec.ShuffleNative(Vec.Load(line + off3), i3);
                                }

                                acc = Vector128TapRows.Select(Vec.Equals(countdown, VB.Zero), v, acc);
                                countdown -= VB.One;
                            }
                        }
                    }

                    FusedAffineShuffle128.Store(acc, ref Unsafe.Add(ref d0, (y * dstride) + x), dstride, th);
                }
            }
        }
    }

    /// <summary>A block's lane coordinates: 16.16 offsets from its first pixel, per call, lanes 4g .. 4g + 3 in register g.</summary>
    private readonly struct Lanes
    {
        private readonly VI x0, x1, x2, x3, y0, y1, y2, y3;

        public Lanes(FixedAffine f, int tileWidth)
        {
            VI lane = VI.Indices, four = Vec.Create(4);
            int rowShift = System.Numerics.BitOperations.Log2((uint)tileWidth);
            x0 = Offsets(lane, f.XPerX, f.XPerY, tileWidth, rowShift);
            y0 = Offsets(lane, f.YPerX, f.YPerY, tileWidth, rowShift);
            lane += four;
            x1 = Offsets(lane, f.XPerX, f.XPerY, tileWidth, rowShift);
            y1 = Offsets(lane, f.YPerX, f.YPerY, tileWidth, rowShift);
            lane += four;
            x2 = Offsets(lane, f.XPerX, f.XPerY, tileWidth, rowShift);
            y2 = Offsets(lane, f.YPerX, f.YPerY, tileWidth, rowShift);
            lane += four;
            x3 = Offsets(lane, f.XPerX, f.XPerY, tileWidth, rowShift);
            y3 = Offsets(lane, f.YPerX, f.YPerY, tileWidth, rowShift);
        }

        /// <summary>
        /// Source columns (any byte for lanes outside) and rows relative to <paramref name="ymin"/> (-1, which no
        /// crossed row matches, for columns outside) of the block whose first pixel is at (x16, y16), saturated to
        /// [-128, 127] as the AVX2 engine's packs saturate them.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Bytes(int x16, int y16, int ymin, VI width, out VB column, out VB row)
        {
            VI bx = Vec.Create(x16), by = Vec.Create(y16), top = Vec.Create(ymin);
            VI c0 = Vec.ShiftRightArithmetic(bx + x0, 16), c1 = Vec.ShiftRightArithmetic(bx + x1, 16);
            VI c2 = Vec.ShiftRightArithmetic(bx + x2, 16), c3 = Vec.ShiftRightArithmetic(bx + x3, 16);
            VI r0 = Row(by + y0, top, c0, width), r1 = Row(by + y1, top, c1, width);
            VI r2 = Row(by + y2, top, c2, width), r3 = Row(by + y3, top, c3, width);
            column = Pack(c0, c1, c2, c3);
            row = Pack(r0, r1, r2, r3);
        }

        // A row outside the source needs no test: its relative row either saturates past every crossed row or is a row
        // beyond ymax (clamped to the last source row), which the loop never reaches.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI Row(VI y16, VI top, VI column, VI width) =>
            (Vec.ShiftRightArithmetic(y16, 16) - top) | ~Vec.LessThan(column.AsUInt32(), width.AsUInt32()).AsInt32();

        /// <summary>Saturating narrows to [-128, 127], in lane order: the AVX2 engine's packs, portably (<c>packss*</c>, <c>sqxtn</c>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VB Pack(VI a, VI b, VI c, VI d) =>
            Vec.NarrowWithSaturation(Vec.NarrowWithSaturation(a, b), Vec.NarrowWithSaturation(c, d)).AsByte();

        /// <summary>The 16.16 offsets of the given lanes from the block's first pixel, in wrapping int32 as the scalar loop sums them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI Offsets(VI lanes, int perColumn, int perRow, int tileWidth, int rowShift) =>
            ((lanes & Vec.Create(tileWidth - 1)) * perColumn) + (Vec.ShiftRightLogical(lanes, rowShift) * perRow);
    }
}
