using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The block loop of Pillow's bilinear warp with 16-byte byte shuffles (<see cref="AffineBilinearAvx2"/>,
/// <see cref="AffineBilinearShuffle128"/>), written once over the byte register <typeparamref name="TBytes"/> and the
/// width's lane arithmetic <typeparamref name="TLanes"/>, whose per-block weights are <typeparamref name="TWeights"/>.
/// Each block of <c>TBytes.Count</c> outputs takes its sample points from the lanes, its rows' taps with
/// <see cref="ShuffleTapRows{TBytes}"/> and its blend from the lanes again; blocks wholly outside the source store
/// the fill. One JIT copy per chunk count and block height (<see cref="ShuffleBlocks"/>).
/// </summary>
internal readonly struct BilinearShuffleBlocks<TLanes, TBytes, TWeights> : IShuffleBlockLoop<BilinearStrip>
    where TLanes : struct, IBilinearShuffleLanes<TLanes, TBytes, TWeights>
    where TBytes : struct, IShuffleBytes<TBytes>
    where TWeights : struct
{
    private const int MinWidth = 16;

    /// <summary>
    /// The block height for <see cref="Run(ReadOnlySpan2D{byte}, Span2D{byte}, in AffineMatrix, int, byte)"/>, or 0
    /// when the engine does not apply. It applies where the width is accelerated, on sources of at least 16 columns and
    /// 2 rows (and below 32,767 of each), with coefficients in the range where scaling them by 2^16 is exact
    /// (<see cref="AffineBilinearVbmi.ScalesExactly"/>), sample points that floor into int32 (so no lane saturates and
    /// the lanes' own extremes bound the block), and a block shape that suits <see cref="ShuffleBlocks.BlockHeight"/>.
    /// </summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m) =>
        TBytes.IsSupported && src.Width is >= MinWidth and < 32767 && src.Height is >= 2 and < 32767 &&
        AffineBilinearVbmi.ScalesExactly(m.A) && AffineBilinearVbmi.ScalesExactly(m.B) && AffineBilinearVbmi.ScalesExactly(m.C) &&
        AffineBilinearVbmi.ScalesExactly(m.D) && AffineBilinearVbmi.ScalesExactly(m.E) && AffineBilinearVbmi.ScalesExactly(m.F) &&
        AffineBilinearVbmi.Geometry.StaysInInt32(m, dst.Width, dst.Height)
            ? ShuffleBlocks.BlockHeight(TBytes.Count, src.Width, dst.Width, dst.Height, m.A, m.B, m.D, m.E)
            : 0;

    /// <summary>The 16-byte chunks of a row's window for blocks <paramref name="th"/> rows high (<see cref="ShuffleBlocks.Chunks"/>).</summary>
    public static int Chunks(int srcWidth, in AffineMatrix m, int th) => ShuffleBlocks.Chunks(srcWidth, ShuffleBlocks.Spread(TBytes.Count, m.A, m.B, th));

    /// <summary>
    /// Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight"/> chose. Destinations wider
    /// than the per-column products on the stack go in column strips (<see cref="ColumnStrips"/>); the products keep
    /// the absolute column.
    /// </summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, int th, byte fill)
    {
        int chunks = Chunks(src.Width, m, th);
        int strips = ColumnStrips.Count(dst.Width, ShuffleBlocks.MaxDestinationWidth);
        for (int k = 0; k < strips; k++)
        {
            Span2D<byte> strip = ColumnStrips.Get(dst, strips, k, out int start);
            ShuffleBlocks.Run<BilinearShuffleBlocks<TLanes, TBytes, TWeights>, BilinearStrip>(src, strip, new BilinearStrip(m, start), chunks, th, fill);
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run<TChunks, TTile>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in BilinearStrip strip, byte fill)
        where TChunks : struct, IStaticInt
        where TTile : struct, IStaticInt
    {
        ref readonly AffineMatrix m = ref strip.Map;
        int th = TTile.Value;
        int tw = TBytes.Count / th;
        int w = src.Width;
        int h = src.Height;
        nint srcStride = ImageLayout.Stride(src);
        var lanes = TLanes.Create(m, w, h);
        // a * (x + 0.5) and d * (x + 0.5) per output column (scaled), made once per call as the VBMI engine does;
        // entries past the width only feed lanes that are never stored.
        Span<double> columnTerms = stackalloc double[2 * ShuffleBlocks.MaxDestinationWidth];
        ref double colX = ref columnTerms[0];
        ref double colY = ref columnTerms[ShuffleBlocks.MaxDestinationWidth];
        // Two at a time on every width: the products round as the lanes' own would, and this runs once per call.
        Vector128<double> scaledA = Vector128.Create(lanes.ScaledA), scaledD = Vector128.Create(lanes.ScaledD);
        Vector128<double> centres = Vector128.Create(0.5, 1.5);
        for (int i = 0; i < Math.Max(dst.Width, TBytes.Count); i += Vector128<double>.Count)
        {
            Vector128<double> xc = Vector128.Create((double)(strip.XOffset + i)) + centres;
            (scaledA * xc).StoreUnsafe(ref colX, (nuint)i);
            (scaledD * xc).StoreUnsafe(ref colY, (nuint)i);
        }

        Span<double> rowTerms = stackalloc double[8];
        ref double rowX = ref rowTerms[0];
        ref double rowY = ref rowTerms[4];
        TBytes fillV = TBytes.Create(fill);
        ref byte d0 = ref dst.DangerousGetReference();
        nint dstride = ImageLayout.Stride(dst);

        for (int y0 = 0; y0 < dst.Height; y0 += th)
        {
            // The last block row overlaps the previous one; recomputed pixels come out the same.
            int y = Math.Min(y0, dst.Height - th);
            for (int r = 0; r < th; r++)
            {
                double yc = y + r + 0.5;
                Unsafe.Add(ref rowX, r) = lanes.ScaledB * yc;
                Unsafe.Add(ref rowY, r) = lanes.ScaledE * yc;
            }

            ref byte dstRow = ref Unsafe.Add(ref d0, y * dstride);
            for (int x0 = 0; x0 < dst.Width; x0 += tw)
            {
                int x = Math.Min(x0, dst.Width - tw);
                if (!lanes.Block<TTile, TChunks>(x, ref colX, ref colY, ref rowX, ref rowY, out int ymin, out int ymax, out int start, out int next, out TBytes shifted, out TBytes rel, out TWeights weights))
                {
                    TBytes.Store(fillV, ref Unsafe.Add(ref dstRow, x), dstride, th);
                    continue;
                }

                // Column + 1 - start per lane, in [0, w - start] when inside (a window that starts past column 0
                // starts at or before every lane's left tap); clamping both taps to the row is Pillow's edge rule.
                TBytes left = TBytes.Max(shifted, TBytes.One) - TBytes.One;
                TBytes right = TBytes.Min(shifted, TBytes.Create((byte)Math.Min(w - 1 - start, byte.MaxValue)));
                ShuffleTapRows<TBytes>.Indices<TChunks>(left, right, 0, next - start, out TBytes left0, out TBytes right0, out TBytes left1, out TBytes right1);
                // Outside lanes never match a crossed row: their taps keep the fill they start with, and blending four
                // equal taps returns it exactly.
                var taps = new ShuffleTapRows<TBytes>(rel, fillV);
                taps.TakeRows<TChunks>(srcBase + start, next - start, srcStride, ymin, ymax - ymin + 1, h, left0, right0, left1, right1);
                TBytes.Store(TLanes.Blend(taps.P00, taps.P01, taps.P10, taps.P11, weights), ref Unsafe.Add(ref dstRow, x), dstride, th);
            }
        }
    }
}

/// <summary>The map of a bilinear shuffle warp and the first destination column of the strip it runs on.</summary>
internal readonly struct BilinearStrip(in AffineMatrix map, int xOffset)
{
    public readonly AffineMatrix Map = map;

    public readonly int XOffset = xOffset;
}

/// <summary>
/// A width's lane arithmetic for <see cref="BilinearShuffleBlocks{TLanes, TBytes, TWeights}"/>: the lanes' sample
/// points, taps and weights from the map scaled by 2^16 as <see cref="AffineBilinearVbmi.Geometry"/> computes them
/// (2^16 * ((a * x + b * y) + c) rounds to exactly 2^16 times Pillow's double sample point, and its floor is the 16.16
/// point, exact in int32 where the engines run), and <see cref="AffineScalar.Blend"/>'s integers.
/// </summary>
internal interface IBilinearShuffleLanes<TSelf, TBytes, TWeights>
    where TSelf : struct, IBilinearShuffleLanes<TSelf, TBytes, TWeights>
    where TBytes : struct, IShuffleBytes<TBytes>
    where TWeights : struct
{
    double ScaledA { get; }

    double ScaledB { get; }

    double ScaledD { get; }

    double ScaledE { get; }

    static abstract TSelf Create(in AffineMatrix m, int width, int height);

    /// <summary>
    /// The block at output column <paramref name="x"/> of the block row whose scaled b * (y + 0.5) and e * (y + 0.5)
    /// terms start at <paramref name="rowX"/> and <paramref name="rowY"/>, or false when no lane samples the source.
    /// Its crossed rows <paramref name="ymin"/> to <paramref name="ymax"/> (in [-1, height - 1]) bound every lane (no
    /// lane saturates: the sample points stay in int32), and its window of <typeparamref name="TChunks"/> chunks starts
    /// at column <paramref name="start"/> (second chunk at <paramref name="next"/>), placed by
    /// <see cref="ShuffleBlocks.Window"/> at the least left tap; per lane the left tap column + 1 - start (relative to
    /// the window, so that rows of any width go through the byte packs), the top row relative to ymin (one that no
    /// crossed row matches where the lane is outside), and the weights.
    /// </summary>
    bool Block<TTile, TChunks>(int x, ref double colX, ref double colY, ref double rowX, ref double rowY, out int ymin, out int ymax, out int start, out int next, out TBytes shifted, out TBytes rel, out TWeights weights)
        where TTile : struct, IStaticInt
        where TChunks : struct, IStaticInt;

    /// <summary>The block's pixels: the four taps blended with the weights, narrowed to bytes in lane order.</summary>
    static abstract TBytes Blend(TBytes p00, TBytes p01, TBytes p10, TBytes p11, in TWeights weights);
}
