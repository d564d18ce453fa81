using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector256;
using VB = System.Runtime.Intrinsics.Vector256<byte>;
using VI = System.Runtime.Intrinsics.Vector256<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow's fixed-point nearest warp with AVX2 byte shuffles, for sources 16 to 64 pixels wide: the AVX2 sibling of
/// <see cref="AffineNearestVbmi"/>, without its 128-byte permute. A block of 32 outputs (8x4, 16x2 or 32x1) crosses
/// few source rows under the small rotations and shears of augmentation. For each crossed row, <c>vpshufb</c> looks
/// the 32 columns up in one 16-byte window of the row when the block's columns span fewer than 16 (the policy's
/// rotations and shears), else in each 16-byte chunk of the row, ORed (a chunk's index has bit 7 set for the columns
/// it does not hold, so the shuffle gives zero there); a byte blend keeps the lanes whose row it is. The per-pixel
/// loads of <see cref="AffineVector256"/> ran at about 1.6x the scalar loop's speed, this engine at about 3.5x
/// (bench/RESULTS.md, stop 19). Coordinates are the scalar loop's wrapping int32 sums (origin + y * perY +
/// x * perX), so the result is bit-identical.
/// </summary>
internal static class AffineNearestAvx2
{
    /// <summary>Above this many crossed rows per block the per-pixel loads are cheaper (a row costs about 16 instructions).</summary>
    public const int MaxRowsPerBlock = 12;

    private const int MinWidth = 16;

    private const int MaxWidth = 64;

    /// <summary>
    /// The block height (1, 2 or 4) whose block crosses the fewest source rows, or 0 when this engine does not apply:
    /// no AVX2, a source narrower than one 16-byte chunk (its loads would leave the row) or wider than four, or more
    /// than <see cref="MaxRowsPerBlock"/> crossed rows in the best shape.
    /// </summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f)
    {
        if (!Avx2.IsSupported || src.Width < MinWidth || src.Width > MaxWidth)
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
        VB base0 = VB.Zero, base1 = Vec.Create((byte)off1), base2 = Vec.Create((byte)off2), base3 = Vec.Create((byte)off3);
        VB fillV = Vec.Create(fill);
        VI widthV = Vec.Create(w);
        (long low, long high) = TileShape.CornerOffsets(f.YPerX, f.YPerY, tw, th);
        (long left, long right) = TileShape.CornerOffsets(f.XPerX, f.XPerY, tw, th);
        VB bias = Vec.Create((byte)0x70);

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
                    // As in AffineNearestVbmi: exact bounds in 64 bits; past the int32 range every lane is outside.
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
                            // the row, the window still holds every in-source column of the block.
                            int start = Math.Clamp(xmin, 0, w - 16);
                            VB index = Index(column, Vec.Create((byte)start), bias);
                            for (int r = ymin; r <= ymax; r++, line += srcStride)
                            {
                                acc = Vec.ConditionalSelect(Vec.Equals(countdown, VB.Zero), Avx2.Shuffle(Chunk(line + start), index), acc);
                                countdown -= VB.One;
                            }
                        }
                        else
                        {
                            VB i0 = Index(column, base0, bias), i1 = Index(column, base1, bias);
                            VB i2 = Index(column, base2, bias), i3 = Index(column, base3, bias);
                            for (int r = ymin; r <= ymax; r++, line += srcStride)
                            {
                                VB v = Avx2.Shuffle(Chunk(line), i0) | Avx2.Shuffle(Chunk(line + off1), i1);
                                if (chunks > 2)
                                {
                                    v |= Avx2.Shuffle(Chunk(line + off2), i2) | Avx2.Shuffle(Chunk(line + off3), i3);
                                }

                                acc = Vec.ConditionalSelect(Vec.Equals(countdown, VB.Zero), v, acc);
                                countdown -= VB.One;
                            }
                        }
                    }

                    Store(acc, ref Unsafe.Add(ref d0, (y * dstride) + x), dstride, th);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe VB Chunk(byte* p) => Avx2.BroadcastVector128ToVector256(p);

    /// <summary>
    /// The shuffle keeps bits 0-3 of an index and gives zero where bit 7 is set: column - start, saturated up by
    /// 0x70, has bit 7 set exactly when it is 16 or more (or negative) and its low nibble otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VB Index(VB column, VB start, VB bias) => Avx2.AddSaturate(column - start, bias);

    /// <summary>Writes a 32-pixel block of <paramref name="th"/> rows (shared with the AVX2 bilinear and fused warps).</summary>
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
            default:
                Vector256<ulong> q = v.AsUInt64();
                for (int i = 0; i < Vector256<ulong>.Count; i++)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, i * stride), q.GetElement(i));
                }

                break;
        }
    }

    /// <summary>
    /// A block's lane coordinates: 16.16 offsets from its first pixel, per call, arranged so that the two saturating
    /// packs (which interleave within 128-bit halves) put lane i at byte i.
    /// </summary>
    private readonly struct Lanes
    {
        private readonly VI x0, x1, x2, x3, y0, y1, y2, y3;

        public Lanes(FixedAffine f, int tileWidth)
        {
            // packssdw(a, b) gives per 128-bit half h the words a[4h..4h+3], b[4h..4h+3], and packsswb of two such
            // results gives per half the bytes of the first's half, then the second's: int32 element e of pack input m
            // lands at byte 16 * (e / 4) + e % 4 + 4 * m.
            VI e = VI.Indices;
            VI lane = Vec.ShiftLeft(Vec.ShiftRightLogical(e, 2), 4) + (e & Vec.Create(3));
            int rowShift = System.Numerics.BitOperations.Log2((uint)tileWidth);
            VI four = Vec.Create(4);
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
        /// crossed row matches, for columns outside) of the block whose first pixel is at (x16, y16).
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

        // A row outside the source needs no test: its relative row either saturates past every crossed row or is a
        // row beyond ymax (clamped to the last source row), which the loop never reaches.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI Row(VI y16, VI top, VI column, VI width) =>
            (Vec.ShiftRightArithmetic(y16, 16) - top) | ~Vec.LessThan(column.AsUInt32(), width.AsUInt32()).AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VB Pack(VI a, VI b, VI c, VI d) =>
            Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a, b), Avx2.PackSignedSaturate(c, d)).AsByte();

        /// <summary>The 16.16 offsets of the given lanes from the block's first pixel, in wrapping int32 as the scalar loop sums them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI Offsets(VI lanes, int perColumn, int perRow, int tileWidth, int rowShift) =>
            ((lanes & Vec.Create(tileWidth - 1)) * perColumn) + (Vec.ShiftRightLogical(lanes, rowShift) * perRow);
    }
}
