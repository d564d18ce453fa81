using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The block loop of an AVX2 shuffle warp (<see cref="FusedAffineAvx2"/>, <see cref="AffineBilinearAvx2"/>) over its
/// map <typeparamref name="TMap"/>, generic over the row window's chunk count and the block height so that the JIT's
/// copy for each pair has both as constants (<see cref="IStaticInt"/>): the lanes' rows and columns fold, the second
/// chunk's lookups and the block store's switch go away.
/// </summary>
internal interface IAvx2BlockLoop<TMap>
    where TMap : struct
{
    static abstract unsafe void Run<TChunks, TTile>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in TMap map, byte fill)
        where TChunks : struct, IStaticInt
        where TTile : struct, IStaticInt;
}

/// <summary>Picks the <see cref="IAvx2BlockLoop{TMap}"/> copy for a call's chunk count (1 or 2) and block height (1, 2 or 4).</summary>
internal static class Avx2BlockLoop
{
    public static unsafe void Run<TLoop, TMap>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in TMap map, int chunks, int th, byte fill)
        where TLoop : struct, IAvx2BlockLoop<TMap>
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
        where TLoop : struct, IAvx2BlockLoop<TMap>
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
