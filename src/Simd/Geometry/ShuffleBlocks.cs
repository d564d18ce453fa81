using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// What the 16-byte shuffle warps with a row window share (<see cref="BilinearShuffleBlocks{TLanes, TBytes, TWeights}"/>
/// and <see cref="FusedShuffleBlocks{TLanes, TBytes}"/>, on AVX2 and the portable 128-bit path): a register of outputs
/// is a block of lanes/TH columns by TH rows, each crossed source row is looked up in a window of one or two 16-byte
/// chunks, and the block shape and chunk count are chosen once per call from the map's steps. The loop itself runs as
/// one JIT copy per chunk count and block height (<see cref="IShuffleBlockLoop{TMap}"/>).
/// </summary>
internal static class ShuffleBlocks
{
    /// <summary>Bytes of a chunk: the span of one byte-shuffle table.</summary>
    public const int Chunk = 16;

    /// <summary>The bilinear engines keep per-column products on the stack: 8 KiB at this destination width (wider ones go in strips).</summary>
    public const int MaxDestinationWidth = 512;

    /// <summary>Above this many crossed source rows per block the per-pixel loads are cheaper (a row costs ten to fifteen operations).</summary>
    private const double MaxRowsPerBlock = 16;

    /// <summary>
    /// The block height (1, 2 or 4) of least estimated work for blocks of <paramref name="lanes"/> outputs over a map
    /// whose source column and row move by the given steps (pixels per output column and row), or 0 when no shape fits
    /// the destination, crosses few enough rows and has its taps within two chunks (<see cref="Chunks"/>). A block's
    /// work is the rows it crosses times a row's cost (about ten operations with one chunk, fifteen with two), so a
    /// near-horizontal map over a wide row takes 16x2 blocks in one chunk rather than 32x1 blocks in two.
    /// </summary>
    public static int BlockHeight(int lanes, int srcWidth, int dstWidth, int dstHeight, double columnPerX, double columnPerY, double rowPerX, double rowPerY)
    {
        int best = 0;
        double bestWork = double.MaxValue;
        for (int th = 1; th <= 4; th *= 2)
        {
            int tw = lanes / th;
            int chunks = Chunks(srcWidth, Spread(lanes, columnPerX, columnPerY, th));
            double rows = Spread(lanes, rowPerX, rowPerY, th);
            double work = (rows + 3) * (chunks == 1 ? 10 : 15);
            if (dstWidth >= tw && dstHeight >= th && chunks > 0 && rows + 2 < MaxRowsPerBlock && work < bestWork)
            {
                best = th;
                bestWork = work;
            }
        }

        return best;
    }

    /// <summary>How far a coordinate moving by these steps spreads over a block of <paramref name="lanes"/> outputs <paramref name="th"/> rows high, in pixels.</summary>
    public static double Spread(int lanes, double perX, double perY, int th) => (Math.Abs(perX) * ((lanes / th) - 1)) + (Math.Abs(perY) * (th - 1));

    /// <summary>
    /// The chunks a row's window needs for blocks whose sample columns spread over <paramref name="spread"/> pixels: the
    /// lanes' floored columns differ by at most floor(spread) + 1 (the margin absorbs the rounding of double sample
    /// points) and the right taps add one more, so the taps cover at most floor(spread) + 3 columns. One chunk when
    /// that is at most 16, two when it is at most 32 or the row itself is at most 32 pixels wide, else 0.
    /// </summary>
    public static int Chunks(int srcWidth, double spread)
    {
        double span = Math.Floor(spread + 1e-6) + 3;
        return span <= Chunk ? 1 : span <= 2 * Chunk || srcWidth <= 2 * Chunk ? 2 : 0;
    }

    /// <summary>
    /// The first column of a block's window (<paramref name="start"/>) and of its second chunk (<paramref name="next"/>)
    /// for a block whose taps start at column <paramref name="first"/> (or before it, clamped): one chunk ends inside
    /// the row; two cover 32 columns of a wider row, or a narrower row whole (the second chunk then ends at the row's
    /// end and overlaps the first).
    /// </summary>
    public static void Window(int first, int srcWidth, int chunks, out int start, out int next)
    {
        start = Math.Clamp(first, 0, chunks == 1 ? srcWidth - Chunk : Math.Max(srcWidth - (2 * Chunk), 0));
        next = Math.Min(start + Chunk, srcWidth - Chunk);
    }

    /// <summary>Runs <typeparamref name="TLoop"/> with its chunk count (1 or 2) and block height (1, 2 or 4) as type arguments.</summary>
    public static unsafe void Run<TLoop, TMap>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in TMap map, int chunks, int th, byte fill)
        where TLoop : struct, IShuffleBlockLoop<TMap>
        where TMap : struct
    {
        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            if (chunks == 1)
            {
                Heights<TLoop, TMap, Int1>(srcBase, src, dst, map, th, fill);
            }
            else
            {
                Heights<TLoop, TMap, Int2>(srcBase, src, dst, map, th, fill);
            }
        }
    }

    private static unsafe void Heights<TLoop, TMap, TChunks>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in TMap map, int th, byte fill)
        where TLoop : struct, IShuffleBlockLoop<TMap>
        where TMap : struct
        where TChunks : struct, IStaticInt
    {
        switch (th)
        {
            case 1:
                TLoop.Run<TChunks, Int1>(srcBase, src, dst, map, fill);
                break;
            case 2:
                TLoop.Run<TChunks, Int2>(srcBase, src, dst, map, fill);
                break;
            default:
                TLoop.Run<TChunks, Int4>(srcBase, src, dst, map, fill);
                break;
        }
    }
}

/// <summary>
/// The block loop of a shuffle warp over its map <typeparamref name="TMap"/>, generic over the row window's chunk count
/// and the block height so that the JIT's copy for each pair has both as constants (<see cref="IStaticInt"/>): the
/// lanes' rows and columns fold, the second chunk's lookups and the block store's switch go away.
/// </summary>
internal interface IShuffleBlockLoop<TMap>
    where TMap : struct
{
    static abstract unsafe void Run<TChunks, TTile>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in TMap map, byte fill)
        where TChunks : struct, IStaticInt
        where TTile : struct, IStaticInt;
}
