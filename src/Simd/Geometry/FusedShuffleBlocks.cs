using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The block loop of the fused warp's 16-byte shuffle engines (<see cref="FusedAffineAvx2"/>,
/// <see cref="FusedAffineShuffle128"/>), written once over the byte register <typeparamref name="TBytes"/> and the
/// width's lane arithmetic <typeparamref name="TLanes"/>: each block of <c>TBytes.Count</c> outputs takes its rows'
/// taps with <see cref="ShuffleTapRows{TBytes}"/> and its blend from the lanes; blocks that miss the source store the
/// fill. One JIT copy per chunk count and block height (<see cref="ShuffleBlocks"/>).
/// </summary>
internal readonly struct FusedShuffleBlocks<TLanes, TBytes> : IShuffleBlockLoop<FusedFixed>
    where TLanes : struct, IFusedShuffleLanes<TLanes, TBytes>
    where TBytes : struct, IShuffleBytes<TBytes>
{
    private const int MinWidth = 16;

    /// <summary>
    /// The block height to use (1, 2 or 4), or 0 when the engine does not apply: no acceleration of the width, a
    /// source narrower than one chunk, coordinates outside the 32-bit lanes, or no block shape that suits
    /// <see cref="ShuffleBlocks.BlockHeight"/> (on rows wider than two chunks: none whose taps fit two).
    /// </summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f) =>
        TBytes.IsSupported && src.Width >= MinWidth && f.FitsInt32(dst.Width, dst.Height, src.Width, src.Height)
            ? ShuffleBlocks.BlockHeight(TBytes.Count, src.Width, dst.Width, dst.Height, f.XPerX / 65536.0, f.XPerY / 65536.0, f.YPerX / 65536.0, f.YPerY / 65536.0)
            : 0;

    /// <summary>The 16-byte chunks of a row's window for blocks <paramref name="th"/> rows high (<see cref="ShuffleBlocks.Chunks"/>).</summary>
    public static int Chunks(int srcWidth, in FusedFixed f, int th) =>
        ShuffleBlocks.Chunks(srcWidth, ShuffleBlocks.Spread(TBytes.Count, f.XPerX / 65536.0, f.XPerY / 65536.0, th));

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose.</summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, int th, byte fill) =>
        ShuffleBlocks.Run<FusedShuffleBlocks<TLanes, TBytes>, FusedFixed>(src, dst, f, Chunks(src.Width, f, th), th, fill);

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

        int tw = TBytes.Count / th;
        int xpx = (int)f.XPerX, xpy = (int)f.XPerY, ypx = (int)f.YPerX, ypy = (int)f.YPerY;
        var lanes = TLanes.Create(xpx, xpy, ypx, ypy, tw, w, h);
        TBytes fillV = TBytes.Create(fill);
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
                    TBytes.Store(fillV, ref Unsafe.Add(ref dstRow, x), dstride, th);
                    continue;
                }

                ymin = Math.Clamp(ymin, -1, h - 1);
                ymax = Math.Clamp(ymax, -1, h - 1);
                // Every inside lane's taps lie in columns max(xmin, 0) to min(xmax + 1, w - 1), which Chunks bounds.
                ShuffleBlocks.Window(xmin, w, TChunks.Value, out int start, out int next);
                lanes.Tile(bx, by, ymin, start, out TBytes shifted, out TBytes rel);
                // Column + 1 - start per lane, in [0, w - start] when inside (a window that starts past column 0 starts
                // at or before every lane's left tap); clamping both taps to the row is Pillow's edge rule.
                TBytes left = TBytes.Max(shifted, TBytes.One) - TBytes.One;
                TBytes right = TBytes.Min(shifted, TBytes.Create((byte)Math.Min(w - 1 - start, byte.MaxValue)));
                ShuffleTapRows<TBytes>.Indices<TChunks>(left, right, 0, next - start, out TBytes left0, out TBytes right0, out TBytes left1, out TBytes right1);

                // Outside lanes (relative row 127) never match a crossed row: their taps keep the fill they start with,
                // and blending four equal taps returns it exactly.
                var taps = new ShuffleTapRows<TBytes>(rel, fillV);
                taps.TakeRows<TChunks>(srcBase + start, next - start, srcStride, ymin, ymax - ymin + 1, h, left0, right0, left1, right1);
                TBytes.Store(lanes.Blend(bx, by, taps.P00, taps.P01, taps.P10, taps.P11), ref Unsafe.Add(ref dstRow, x), dstride, th);
            }
        }
    }
}

/// <summary>
/// A width's lane arithmetic for <see cref="FusedShuffleBlocks{TLanes, TBytes}"/>: a block's taps from its 16.16
/// coordinates in 16-bit lanes (<see cref="FixedLaneParts256"/>, <see cref="FixedLaneParts128"/>) and
/// <see cref="FusedFixed.Blend"/> of its four tap registers; the integers are those of <see cref="FusedFixed.Scalar"/>.
/// </summary>
internal interface IFusedShuffleLanes<TSelf, TBytes>
    where TSelf : struct, IFusedShuffleLanes<TSelf, TBytes>
    where TBytes : struct, IShuffleBytes<TBytes>
{
    /// <summary>The lanes of blocks <paramref name="tileWidth"/> columns wide over the map's 16.16 steps, for a source of <paramref name="width"/> x <paramref name="height"/>.</summary>
    static abstract TSelf Create(int xPerX, int xPerY, int yPerX, int yPerY, int tileWidth, int width, int height);

    /// <summary>
    /// Left tap column + 1 relative to the window at column <paramref name="start"/> (so that rows of any width go
    /// through the byte packs) and top tap row relative to <paramref name="ymin"/> per lane of the block whose first
    /// output samples (<paramref name="tx"/>, <paramref name="ty"/>) in 16.16; relative row 127, which no crossed row
    /// matches, where the lane is outside.
    /// </summary>
    void Tile(int tx, int ty, int ymin, int start, out TBytes shifted, out TBytes rel);

    /// <summary>The block's pixels from its taps, with the weights of the block at (<paramref name="tx"/>, <paramref name="ty"/>).</summary>
    TBytes Blend(int tx, int ty, TBytes p00, TBytes p01, TBytes p10, TBytes p11);
}
