using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector128;
using VB = System.Runtime.Intrinsics.Vector128<byte>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Sine roll, 128-bit. A smooth sine gives only a few distinct shifts across one vector of columns, so each output
/// row of a block is assembled from whole source-row loads blended under "this column has shift j" masks: no gathers,
/// no per-byte work. Blocks with too many distinct shifts, and images narrower than one vector, use narrower paths.
/// </summary>
internal static class SineWarpVector128
{
    private const int MaxDistinct = 16;

    [SkipLocalsInit]
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        int w = src.Width;
        if (w < VB.Count)
        {
            SineWarpScalar.Run(src, dst, amplitude, frequency);
            return;
        }

        Span<int> starts = w <= 1024 ? stackalloc int[w] : Scratch.Ints(w);
        SineWarp.StartRows(starts, src.Height, amplitude, frequency);
        Span<int> distinct = stackalloc int[MaxDistinct];
        Span<byte> which = stackalloc byte[VB.Count];
        for (int c0 = 0; c0 < w; c0 += VB.Count)
        {
            // The last block overlaps the previous one instead of running a scalar tail.
            int c = Math.Min(c0, w - VB.Count);
            int count = Classify(starts.Slice(c, VB.Count), distinct, which);
            if (count < 0)
            {
                SineWarp.Columns(src, dst, starts, c, VB.Count);
            }
            else
            {
                Block(src, dst, c, distinct[..count], Vec.LoadUnsafe(ref which[0]));
            }
        }
    }

    /// <summary>Lists the distinct start rows of a block and which list entry each column uses; -1 if too many.</summary>
    private static int Classify(ReadOnlySpan<int> starts, Span<int> distinct, Span<byte> which)
    {
        int count = 0;
        for (int i = 0; i < starts.Length; i++)
        {
            int j = ((ReadOnlySpan<int>)distinct[..count]).IndexOf(starts[i]);
            if (j < 0)
            {
                if (count == distinct.Length)
                {
                    return -1;
                }

                j = count;
                distinct[count++] = starts[i];
            }

            which[i] = (byte)j;
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int c, ReadOnlySpan<int> distinct, VB which)
    {
        int h = src.Height;
        Span<VB> masks = stackalloc VB[MaxDistinct];
        Span<int> rows = stackalloc int[MaxDistinct];
        for (int j = 0; j < distinct.Length; j++)
        {
            masks[j] = Vec.Equals(which, Vec.Create((byte)j));
            rows[j] = distinct[j];
        }

        for (int y = 0; y < h; y++)
        {
            VB acc = Vec.LoadUnsafe(ref src.DangerousGetReferenceAt(rows[0], c));
            rows[0] = rows[0] + 1 == h ? 0 : rows[0] + 1;
            for (int j = 1; j < distinct.Length; j++)
            {
                VB v = Vec.LoadUnsafe(ref src.DangerousGetReferenceAt(rows[j], c));
                acc = Vec.ConditionalSelect(masks[j], v, acc);
                rows[j] = rows[j] + 1 == h ? 0 : rows[j] + 1;
            }

            acc.StoreUnsafe(ref dst.DangerousGetReferenceAt(y, c));
        }
    }
}
