using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow's fixed-point nearest warp with 16-byte byte shuffles for sources at least 16 pixels wide, written once over
/// the byte register <typeparamref name="TBytes"/> and the width's lane coordinates <typeparamref name="TLanes"/>
/// (<see cref="AffineNearestAvx2"/>, <see cref="AffineNearestShuffle128"/>). A block of <c>TBytes.Count</c> outputs
/// (lanes/TH columns by TH rows) crosses few source rows under the small rotations and shears of augmentation. For
/// each crossed row the shuffle looks the block's columns up in one 16-byte window of the row when they span fewer
/// than 16 (rows wider than 64 always take a window, of two chunks for zooms out: <see cref="WindowedRun{TChunks}"/>),
/// else in every 16-byte chunk of the row, ORed (a chunk's index reads zero for the columns it does not hold:
/// <see cref="IShuffleBytes{TSelf}.OutsideToZero"/>); a byte select keeps the lanes whose row it is. Coordinates are
/// the scalar loop's wrapping int32 sums (origin + y * perY + x * perX), so the result is bit-identical.
/// </summary>
internal static class NearestShuffleBlocks<TLanes, TBytes>
    where TLanes : struct, INearestShuffleLanes<TLanes, TBytes>
    where TBytes : struct, IShuffleBytes<TBytes>
{
    /// <summary>Above this many crossed rows per block the per-pixel loads are cheaper (a row costs about 16 instructions).</summary>
    public const int MaxRowsPerBlock = 12;

    private const int MinWidth = 16;

    /// <summary>Rows up to four chunks wide can be looked up whole (every chunk, ORed) when a block's columns spread.</summary>
    private const int MaxWidth = 64;

    /// <summary>
    /// On wider rows a block's columns must fit a window of one 16-byte chunk or two: a shape applies while its
    /// coordinate spreads over S columns with S + 1 at most the window, for the floors of a coordinate spread over S
    /// differ by at most ceil(S). One chunk is tried first; two take zooms out of up to about 4x (8x4 blocks).
    /// </summary>
    private const double WindowSpan = 16;

    /// <summary>
    /// The block height (1, 2 or 4) whose block crosses the fewest source rows, or 0 when this engine does not apply:
    /// no acceleration of the width, a source narrower than one 16-byte chunk (its loads would leave the row), more
    /// than <see cref="MaxRowsPerBlock"/> crossed rows in the best shape, or, on rows wider than four chunks, no shape
    /// of several rows whose taps fit one window (<see cref="WindowSpan"/>).
    /// </summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f)
    {
        if (!TBytes.IsSupported || src.Width < MinWidth)
        {
            return 0;
        }

        double rows;
        int th;
        if (src.Width > MaxWidth)
        {
            th = TileShape.FewestRowsInWindow(TBytes.Count, 4, dst.Width, dst.Height, f.YPerX, f.YPerY, f.XPerX, f.XPerY, WindowSpan, out rows);
            if (th == 0)
            {
                th = TileShape.FewestRowsInWindow(TBytes.Count, 4, dst.Width, dst.Height, f.YPerX, f.YPerY, f.XPerX, f.XPerY, 2 * WindowSpan, out rows);
            }
        }
        else
        {
            th = TileShape.FewestRows(TBytes.Count, 4, dst.Width, dst.Height, f.YPerX, f.YPerY, out rows);
        }

        return th > 0 && Math.Floor(rows) + 2 <= MaxRowsPerBlock ? th : 0;
    }

    /// <summary>The 16-byte chunks of a wide row's window for blocks <paramref name="th"/> rows high (<see cref="WindowSpan"/>).</summary>
    internal static int WindowChunks(FixedAffine f, int th) =>
        TileShape.TapColumns(f.XPerX, f.XPerY, TBytes.Count / th, th) <= WindowSpan ? 1 : 2;

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose.</summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, int th, byte fill)
    {
        if (src.Width > MaxWidth && WindowChunks(f, th) == 1)
        {
            WindowedRun<Int1>(src, dst, f, th, fill);
        }
        else if (src.Width > MaxWidth)
        {
            WindowedRun<Int2>(src, dst, f, th, fill);
        }
        else
        {
            ChunkedRun(src, dst, f, th, fill);
        }
    }

    /// <summary>The block loop on rows of one to four chunks.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ChunkedRun(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, int th, byte fill)
    {
        int w = src.Width;
        int h = src.Height;
        int tw = TBytes.Count / th;
        nint srcStride = ImageLayout.Stride(src);
        nint dstride = ImageLayout.Stride(dst);
        var lanes = TLanes.Create(f, tw);
        // Chunk k covers columns base_k to base_k + 15; the last one ends at the row's end (overlapping its neighbour,
        // which is harmless: both give the same pixel and the OR keeps it), so no load leaves the row.
        int chunks = (w + 15) >> 4;
        nint off1 = Math.Min(16, w - 16), off2 = Math.Min(32, w - 16), off3 = w - 16;
        TBytes base1 = TBytes.Create((byte)off1), base2 = TBytes.Create((byte)off2), base3 = TBytes.Create((byte)off3);
        TBytes fillV = TBytes.Create(fill);
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
                    // As in AffineNearestVbmi: exact bounds in 64 bits; past the int32 range every lane is outside.
                    int ymin = (int)Math.Max((by + low) >> 16, 0);
                    int ymax = (int)Math.Min((by + high) >> 16, h - 1);
                    TBytes acc = fillV;
                    if (ymin <= ymax)
                    {
                        lanes.Bytes(bx, by, ymin, w, out TBytes column, out TBytes countdown);
                        byte* line = srcBase + (ymin * srcStride);
                        int xmin = (int)((bx + left) >> 16), xmax = (int)((bx + right) >> 16);
                        if (xmax - xmin < 16)
                        {
                            // The block's columns fit one 16-byte window of the row: one shuffle per row. Clamped to
                            // the row, the window still holds every in-source column of the block; the lanes whose
                            // column is outside the source never match a row, so their indices do not matter.
                            int start = Math.Clamp(xmin, 0, w - 16);
                            TBytes index = column - TBytes.Create((byte)start);
                            for (int r = ymin; r <= ymax; r++, line += srcStride)
                            {
                                acc = TBytes.Select(TBytes.Equals(countdown, TBytes.Zero), TBytes.Shuffle(TBytes.Chunk(line + start), index), acc);
                                countdown -= TBytes.One;
                            }
                        }
                        else
                        {
                            TBytes i0 = TBytes.OutsideToZero(column), i1 = TBytes.OutsideToZero(column - base1);
                            TBytes i2 = TBytes.OutsideToZero(column - base2), i3 = TBytes.OutsideToZero(column - base3);
                            for (int r = ymin; r <= ymax; r++, line += srcStride)
                            {
                                TBytes v = TBytes.Shuffle(TBytes.Chunk(line), i0) | TBytes.Shuffle(TBytes.Chunk(line + off1), i1);
                                if (chunks > 2)
                                {
                                    v |= TBytes.Shuffle(TBytes.Chunk(line + off2), i2) | TBytes.Shuffle(TBytes.Chunk(line + off3), i3);
                                }

                                acc = TBytes.Select(TBytes.Equals(countdown, TBytes.Zero), v, acc);
                                countdown -= TBytes.One;
                            }
                        }
                    }

                    TBytes.Store(acc, ref Unsafe.Add(ref d0, (y * dstride) + x), dstride, th);
                }
            }
        }
    }

    /// <summary>
    /// The block loop on rows wider than four chunks, where every block's columns fit a window of
    /// <typeparamref name="TChunks"/> chunks (TileHeight, <see cref="WindowChunks"/>). A loop
    /// of its own: the same choice folded into <see cref="ChunkedRun"/>'s loop, even as a type argument, cost its
    /// narrower rows 2-9% at 28x28 and 64x64.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WindowedRun<TChunks>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, int th, byte fill)
        where TChunks : struct, IStaticInt
    {
        int w = src.Width;
        int h = src.Height;
        int tw = TBytes.Count / th;
        nint srcStride = ImageLayout.Stride(src);
        nint dstride = ImageLayout.Stride(dst);
        var lanes = TLanes.Create(f, tw);
        TBytes fillV = TBytes.Create(fill);
        (long low, long high) = TileShape.CornerOffsets(f.YPerX, f.YPerY, tw, th);
        long left = TileShape.CornerOffsets(f.XPerX, f.XPerY, tw, th).Low;

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
                    int ymin = (int)Math.Max((by + low) >> 16, 0);
                    int ymax = (int)Math.Min((by + high) >> 16, h - 1);
                    TBytes acc = fillV;
                    if (ymin <= ymax)
                    {
                        // The window starts at the block's least column, kept inside the row. The columns come out
                        // relative to it so that they fit the byte packs: a window that starts past column 0 starts at
                        // or before every lane's column, so the inside test [0, w) becomes [0, w - start) (Pillow's
                        // fixed mode keeps every sum in int32).
                        int start = (int)Math.Clamp((bx + left) >> 16, 0, w - (16 * TChunks.Value));
                        lanes.Bytes(unchecked(bx - (start << 16)), by, ymin, w - start, out TBytes index, out TBytes countdown);
                        byte* line = srcBase + (ymin * srcStride) + start;
                        if (TChunks.Value == 1)
                        {
                            for (int r = ymin; r <= ymax; r++, line += srcStride)
                            {
                                acc = TBytes.Select(TBytes.Equals(countdown, TBytes.Zero), TBytes.Shuffle(TBytes.Chunk(line), index), acc);
                                countdown -= TBytes.One;
                            }
                        }
                        else
                        {
                            // Two chunks, each reading zero for the columns the other holds; ORed they give the pixel.
                            TBytes i0 = TBytes.OutsideToZero(index), i1 = TBytes.OutsideToZero(index - TBytes.Create(16));
                            for (int r = ymin; r <= ymax; r++, line += srcStride)
                            {
                                TBytes v = TBytes.Shuffle(TBytes.Chunk(line), i0) | TBytes.Shuffle(TBytes.Chunk(line + 16), i1);
                                acc = TBytes.Select(TBytes.Equals(countdown, TBytes.Zero), v, acc);
                                countdown -= TBytes.One;
                            }
                        }
                    }

                    TBytes.Store(acc, ref Unsafe.Add(ref d0, (y * dstride) + x), dstride, th);
                }
            }
        }
    }
}

/// <summary>A width's lane coordinates for <see cref="NearestShuffleBlocks{TLanes, TBytes}"/>.</summary>
internal interface INearestShuffleLanes<TSelf, TBytes>
    where TSelf : struct, INearestShuffleLanes<TSelf, TBytes>
    where TBytes : struct, IShuffleBytes<TBytes>
{
    /// <summary>The lanes' 16.16 offsets from a block's first pixel, for blocks <paramref name="tileWidth"/> wide.</summary>
    static abstract TSelf Create(FixedAffine f, int tileWidth);

    /// <summary>
    /// Source columns (any byte for lanes outside) and rows relative to <paramref name="ymin"/> (-1, which no crossed
    /// row matches, for columns outside a source <paramref name="width"/> wide) of the block whose first pixel is at
    /// (x16, y16), saturated to [-128, 127].
    /// </summary>
    void Bytes(int x16, int y16, int ymin, int width, out TBytes column, out TBytes row);
}
