using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector128;
using VB = System.Runtime.Intrinsics.Vector128<byte>;
using VI = System.Runtime.Intrinsics.Vector128<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow's fixed-point nearest warp with the portable 128-bit byte shuffle, for sources at least 16 pixels wide: the
/// sibling of <see cref="AffineNearestAvx2"/> for the 128-bit path (ARM64 NEON, x64 without AVX2). Blocks of 16
/// outputs (16x1, 8x2 or 4x4), each crossed row looked up with the native shuffle
/// (<see cref="NearestShuffleBlocks{TLanes, TBytes}"/> over <see cref="ShuffleBytes128"/>). Coordinates are the scalar
/// loop's wrapping int32 sums, narrowed with the AVX2 engine's saturation, so the result is bit-identical.
/// </summary>
internal static class AffineNearestShuffle128
{
    /// <summary>The block height (1, 2 or 4), or 0 when this engine does not apply (<see cref="NearestShuffleBlocks{TLanes, TBytes}.TileHeight"/>).</summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f) =>
        NearestShuffleBlocks<Lanes, ShuffleBytes128>.TileHeight(src, dst, f);

    /// <summary>The 16-byte chunks of a wide row's window for blocks <paramref name="th"/> rows high.</summary>
    internal static int WindowChunks(FixedAffine f, int th) => NearestShuffleBlocks<Lanes, ShuffleBytes128>.WindowChunks(f, th);

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose.</summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, int th, byte fill) =>
        NearestShuffleBlocks<Lanes, ShuffleBytes128>.Run(src, dst, f, th, fill);

    /// <summary>A block's lane coordinates: 16.16 offsets from its first pixel, per call, lanes 4g .. 4g + 3 in register g.</summary>
    private readonly struct Lanes : INearestShuffleLanes<Lanes, ShuffleBytes128>
    {
        private readonly VI x0, x1, x2, x3, y0, y1, y2, y3;

        private Lanes(FixedAffine f, int tileWidth)
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

        public static Lanes Create(FixedAffine f, int tileWidth) => new(f, tileWidth);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Bytes(int x16, int y16, int ymin, int width, out ShuffleBytes128 column, out ShuffleBytes128 row)
        {
            VI bx = Vec.Create(x16), by = Vec.Create(y16), top = Vec.Create(ymin), widthV = Vec.Create(width);
            VI c0 = Vec.ShiftRightArithmetic(bx + x0, 16), c1 = Vec.ShiftRightArithmetic(bx + x1, 16);
            VI c2 = Vec.ShiftRightArithmetic(bx + x2, 16), c3 = Vec.ShiftRightArithmetic(bx + x3, 16);
            VI r0 = Row(by + y0, top, c0, widthV), r1 = Row(by + y1, top, c1, widthV);
            VI r2 = Row(by + y2, top, c2, widthV), r3 = Row(by + y3, top, c3, widthV);
            column = new(Pack(c0, c1, c2, c3));
            row = new(Pack(r0, r1, r2, r3));
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
