using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The vector sine roll, one block of <typeparamref name="TLanes"/>.Count columns at a time, written once for every
/// width. Each column's roll is a signed offset t in (-h/2, h/2] (output row y reads row y + t, wrapped) applied bit
/// by bit: stage k moves the columns whose |t| has bit k by 2^k rows, up or down, with whole-row loads blended under
/// two column masks. Rolls compose, so ceil(log2(max |t| + 1)) stages (three for the policy's 4-pixel amplitude)
/// give the exact result whatever the number of distinct shifts. The last block overlaps the previous one; it reads
/// only the source, so the shared columns come out the same. With AVX-512 an image narrower than one register is one
/// block under a column mask.
/// </summary>
internal static class SineRoll
{
    /// <summary>
    /// Up to this height every offset fits a byte lane. Taller images roll here too when every column's offset does
    /// (<see cref="OffsetsFitBytes"/>: the policy's shifts of a few pixels), and take <see cref="SineWarp.Columns"/>
    /// otherwise.
    /// </summary>
    public const int MaxHeight = 2 * byte.MaxValue;

    /// <summary>
    /// True when every column's signed offset (start row s, or s - h above h/2) fits a byte lane, and two scratch planes
    /// of <paramref name="lanes"/> columns fit an array.
    /// </summary>
    internal static bool OffsetsFitBytes(ReadOnlySpan<int> starts, int h, int lanes)
    {
        if (h <= MaxHeight)
        {
            return true;
        }

        if (2L * h * lanes > Array.MaxLength - 64)
        {
            return false;
        }

        foreach (int start in starts)
        {
            if ((start > h / 2 ? h - start : start) > byte.MaxValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Runs the roll on the widest lanes that fit both the image and the caller's path (<paramref name="widest"/>
    /// bytes). With 64-byte lanes, images narrower than 64 columns take one masked block of 32 or 64 lanes
    /// (<paramref name="starts"/> then holds at least 64 entries); on the narrower paths, images under 16 columns are
    /// copied column by column.
    /// </summary>
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ReadOnlySpan<int> starts, int widest)
    {
        int w = src.Width;
        if (widest >= RollLanes512.Count && w >= RollLanes512.Count)
        {
            Run<RollLanes512>(src, dst, starts);
        }
        else if (widest >= RollLanes512.Count && Avx512BW.IsSupported && w != RollLanes256.Count && w != RollLanes128.Count
            && OffsetsFitBytes(starts[..w], src.Height, RollLanes512.Count))
        {
            // Narrower than one register and not one narrower block exactly: one block under a column mask rolls 28
            // columns in half the rows of two overlapping 16-lane blocks (a 64-lane one took 0.84-0.89 of their time
            // at 28 and 40 wide on Zen 5), and beats the column-by-column copy under 16. Under 32 columns the block is
            // 32 lanes: Zen 4 splits every 512-bit operation in two, so there the 64-lane block cost more than the
            // two 16-lane ones.
            if (w < RollLanes256.Count)
            {
                RunMasked<RollLanes256>(src, dst, starts);
            }
            else
            {
                RunMasked<RollLanes512>(src, dst, starts);
            }
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
        if (!OffsetsFitBytes(starts[..w], h, TLanes.Count))
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

    /// <summary>
    /// An image narrower than <typeparamref name="TLanes"/>.Count columns as one block whose source loads and destination
    /// stores are masked to its width (fault suppressed: nothing past a row is touched). <paramref name="starts"/> holds
    /// at least that many entries; the lanes past the width are zeroed, so they add no stages.
    /// </summary>
    [SkipLocalsInit]
    private static void RunMasked<TLanes>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ReadOnlySpan<int> starts)
        where TLanes : struct, IMaskedRollLanes<TLanes>
    {
        var columns = TLanes.First(src.Width);
        ReadOnlySpan<int> block = starts[..TLanes.Count];
        TLanes.Offsets(ref Unsafe.AsRef(in block[0]), src.Height, out TLanes below, out TLanes above);
        below = below.And(columns);
        above = above.And(columns);
        Span<byte> planes = Scratch.Bytes(2 * src.Height * TLanes.Count);
        Block<TLanes, MaskedColumns<TLanes>>(src, dst, 0, planes, below, above, TLanes.Reach(below, above), columns);
    }

    private static void Block<TLanes>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int c, Span<byte> planes, TLanes below, TLanes above, int reach)
        where TLanes : struct, IRollLanes<TLanes> =>
        Block<TLanes, WholeColumns<TLanes>>(src, dst, c, planes, below, above, reach, default);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block<TLanes, TColumns>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int c, Span<byte> planes, TLanes below, TLanes above, int reach, TLanes columns)
        where TLanes : struct, IRollLanes<TLanes>
        where TColumns : struct, IRollColumns<TLanes>
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
                    TColumns.Store(d0 + (y * dstStride), TColumns.Load(from + (y * fromStride), columns), columns);
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
                bool fromSource = from == s0, toDestination = k == last;
                byte* to = toDestination ? d0 : p0 + (plane * h * TLanes.Count);
                nint toStride = toDestination ? dstStride : TLanes.Count;
                plane ^= 1;
                int step = 1 << k;
                if (!TColumns.Masked)
                {
                    Stage<TLanes, TColumns, TColumns>(from, fromStride, to, toStride, h, step, fromBelow, fromAbove, columns);
                }
                else if (fromSource)
                {
                    // Only the image's own rows take the column mask: a load of bytes that a masked store has just
                    // written waits for the store to retire instead of being forwarded, so scratch rows go whole.
                    if (toDestination)
                    {
                        Stage<TLanes, TColumns, TColumns>(from, fromStride, to, toStride, h, step, fromBelow, fromAbove, columns);
                    }
                    else
                    {
                        Stage<TLanes, TColumns, WholeColumns<TLanes>>(from, fromStride, to, toStride, h, step, fromBelow, fromAbove, columns);
                    }
                }
                else if (toDestination)
                {
                    Stage<TLanes, WholeColumns<TLanes>, TColumns>(from, fromStride, to, toStride, h, step, fromBelow, fromAbove, columns);
                }
                else
                {
                    Stage<TLanes, WholeColumns<TLanes>, WholeColumns<TLanes>>(from, fromStride, to, toStride, h, step, fromBelow, fromAbove, columns);
                }

                from = to;
                fromStride = toStride;
            }
        }
    }

    /// <summary>One stage of the roll: every row takes the row <paramref name="step"/> below or above it in the lanes that move.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Stage<TLanes, TLoad, TStore>(byte* from, nint fromStride, byte* to, nint toStride, int h, int step, TLanes fromBelow, TLanes fromAbove, TLanes columns)
        where TLanes : struct, IRollLanes<TLanes>
        where TLoad : struct, IRollColumns<TLanes>
        where TStore : struct, IRollColumns<TLanes>
    {
        // Row pointers that wrap at the end rather than row indices times the stride: three multiplies a row fewer.
        byte* end = from + (h * fromStride);
        byte* below = from + (step * fromStride);
        byte* above = from + ((h - step) * fromStride);
        byte* row = from;
        for (int y = 0; y < h; y++)
        {
            TLanes v = TLoad.Load(row, columns);
            v = TLanes.Select(fromBelow, TLoad.Load(below, columns), v);
            v = TLanes.Select(fromAbove, TLoad.Load(above, columns), v);
            TStore.Store(to + (y * toStride), v, columns);
            row += fromStride;
            below += fromStride;
            above += fromStride;
            below = below == end ? from : below;
            above = above == end ? from : above;
        }
    }
}
