using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The vector sine roll, one block of <typeparamref name="TLanes"/>.Count columns at a time, written once for every
/// width. Each column's roll is a signed offset t in (-h/2, h/2] (output row y reads row y + t, wrapped) applied bit
/// by bit: stage k moves the columns whose |t| has bit k by 2^k rows, up or down, with whole-row loads blended under
/// two column masks. Rolls compose, so ceil(log2(max |t| + 1)) stages (three for the policy's 4-pixel amplitude)
/// give the exact result whatever the number of distinct shifts. The last block overlaps the previous one; it reads
/// only the source, so the shared columns come out the same.
/// </summary>
internal static class SineRoll
{
    /// <summary>Offsets must fit a byte lane: taller images take <see cref="SineWarp.Columns"/>.</summary>
    public const int MaxHeight = 2 * byte.MaxValue;

    /// <summary>
    /// Runs the roll on the widest lanes that fit both the image and the caller's path (<paramref name="widest"/>
    /// bytes); images under 16 columns are copied column by column.
    /// </summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ReadOnlySpan<int> starts, int widest)
    {
        int w = src.Width;
        if (widest >= RollLanes512.Count && w >= RollLanes512.Count)
        {
            Run<RollLanes512>(src, dst, starts);
        }
        else if (widest >= RollLanes256.Count && w >= RollLanes256.Count)
        {
            Run<RollLanes256>(src, dst, starts);
        }
        else if (w >= RollLanes128.Count)
        {
            Run<RollLanes128>(src, dst, starts);
        }
        else
        {
            SineWarp.Columns(src, dst, starts, 0, w);
        }
    }

    [SkipLocalsInit]
    private static void Run<TLanes>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ReadOnlySpan<int> starts)
        where TLanes : struct, IRollLanes<TLanes>
    {
        int w = src.Width;
        int h = src.Height;
        if (h > MaxHeight)
        {
            SineWarp.Columns(src, dst, starts, 0, w);
            return;
        }

        Span<byte> planes = Scratch.Bytes(2 * h * TLanes.Count);
        for (int c0 = 0; c0 < w; c0 += TLanes.Count)
        {
            int c = Math.Min(c0, w - TLanes.Count);
            TLanes.Offsets(ref Unsafe.AsRef(in starts[c]), h, out TLanes below, out TLanes above);
            Block(src, dst, c, planes, below, above, TLanes.Reach(below, above));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block<TLanes>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int c, Span<byte> planes, TLanes below, TLanes above, int reach)
        where TLanes : struct, IRollLanes<TLanes>
    {
        int h = src.Height;
        int last = 31 - int.LeadingZeroCount(reach);
        fixed (byte* s0 = &src.DangerousGetReferenceAt(0, c))
        fixed (byte* d0 = &dst.DangerousGetReferenceAt(0, c))
        fixed (byte* p0 = &planes[0])
        {
            byte* from = s0;
            nint fromStride = ImageLayout.Stride(src);
            nint dstStride = ImageLayout.Stride(dst);
            if (last < 0)
            {
                for (int y = 0; y < h; y++)
                {
                    TLanes.Load(from + (y * fromStride)).Store(d0 + (y * dstStride));
                }

                return;
            }

            int plane = 0;
            for (int k = 0; k <= last; k++)
            {
                if (((reach >> k) & 1) == 0)
                {
                    continue;
                }

                TLanes fromBelow = below.HasBit(k);
                TLanes fromAbove = above.HasBit(k);
                // Stages alternate between the two scratch planes; the last one writes the destination.
                byte* to = k == last ? d0 : p0 + (plane * h * TLanes.Count);
                nint toStride = k == last ? dstStride : TLanes.Count;
                plane ^= 1;
                int step = 1 << k;
                int yb = step;
                int ya = h - step;
                for (int y = 0; y < h; y++)
                {
                    TLanes v = TLanes.Load(from + (y * fromStride));
                    v = TLanes.Select(fromBelow, TLanes.Load(from + (yb * fromStride)), v);
                    v = TLanes.Select(fromAbove, TLanes.Load(from + (ya * fromStride)), v);
                    v.Store(to + (y * toStride));
                    yb = yb + 1 == h ? 0 : yb + 1;
                    ya = ya + 1 == h ? 0 : ya + 1;
                }

                from = to;
                fromStride = toStride;
            }
        }
    }
}
