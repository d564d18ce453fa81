using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector256;
using VB = System.Runtime.Intrinsics.Vector256<byte>;
using VI = System.Runtime.Intrinsics.Vector256<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Sine roll, 256-bit, one 32-column block at a time (the stages of <see cref="SineWarpVector512"/>).
/// Each column's roll is written as a signed offset t in
/// (-h/2, h/2] (output row y reads row y + t, wrapped) and applied bit by bit: stage k moves the columns whose |t|
/// has bit k by 2^k rows, up or down, with whole-row loads blended under two column masks. Rolls compose, so
/// ceil(log2(max |t| + 1)) stages (three for the policy's 4-pixel amplitude) give the exact result whatever the
/// number of distinct shifts. The last block overlaps the previous one; it reads only the source, so the shared
/// columns come out the same. Taller images (|t| beyond a byte) and narrower ones take the other paths.
/// </summary>
internal static class SineWarpVector256
{
    private const int MaxHeight = 2 * byte.MaxValue;

    [SkipLocalsInit]
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        int w = src.Width;
        int h = src.Height;
        if (w < VB.Count)
        {
            SineWarpVector128.Run(src, dst, amplitude, frequency);
            return;
        }

        Span<int> starts = w <= 1024 ? stackalloc int[w] : Scratch.Ints(w);
        SineWarp.StartRows(starts, h, amplitude, frequency);
        if (h > MaxHeight)
        {
            SineWarp.Columns(src, dst, starts, 0, w);
            return;
        }

        Span<byte> planes = Scratch.Bytes(2 * h * VB.Count);
        VI half = Vec.Create(h / 2);
        VI height = Vec.Create(h);
        for (int c0 = 0; c0 < w; c0 += VB.Count)
        {
            int c = Math.Min(c0, w - VB.Count);
            // Output row y reads row y + t: t > 0 reads below (a roll up), t < 0 above.
            ref int s = ref starts[c];
            VI t0 = Offsets(ref s, 0, half, height), t1 = Offsets(ref s, 1, half, height);
            VI t2 = Offsets(ref s, 2, half, height), t3 = Offsets(ref s, 3, half, height);
            VB below = Bytes(Vec.Max(t0, VI.Zero), Vec.Max(t1, VI.Zero), Vec.Max(t2, VI.Zero), Vec.Max(t3, VI.Zero));
            VB above = Bytes(Vec.Max(-t0, VI.Zero), Vec.Max(-t1, VI.Zero), Vec.Max(-t2, VI.Zero), Vec.Max(-t3, VI.Zero));
            Block(src, dst, c, planes, below, above, Reach(below | above));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Offsets(ref int starts, int quarter, VI half, VI height)
    {
        VI s = Vec.LoadUnsafe(ref starts, (nuint)(quarter * VI.Count));
        return s - (Vec.GreaterThan(s, half) & height);
    }

    /// <summary>Four vectors of values in [0, 255] as one byte vector, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VB Bytes(VI a, VI b, VI c, VI d) =>
        Vec.Narrow(Vec.Narrow(a.AsUInt32(), b.AsUInt32()), Vec.Narrow(c.AsUInt32(), d.AsUInt32()));

    /// <summary>The OR of all 32 bytes: its set bits are the stages some column needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Reach(VB v)
    {
        Vector256<ulong> q = v.AsUInt64();
        ulong x = q[0] | q[1] | q[2] | q[3];
        x |= x >> 32;
        x |= x >> 16;
        x |= x >> 8;
        return (int)(x & 0xFF);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int c, Span<byte> planes, VB below, VB above, int reach)
    {
        int h = src.Height;
        int stages = 32 - int.LeadingZeroCount(reach);
        int last = -1;
        for (int k = 0; k < stages; k++)
        {
            last = ((reach >> k) & 1) != 0 ? k : last;
        }

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
                    Vec.Store(Vec.Load(from + (y * fromStride)), d0 + (y * dstStride));
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

                VB bit = Vec.Create((byte)(1 << k));
                VB fromBelow = ~Vec.Equals(below & bit, VB.Zero);
                VB fromAbove = ~Vec.Equals(above & bit, VB.Zero);
                // Stages alternate between the two scratch planes; the last one writes the destination.
                byte* to = k == last ? d0 : p0 + (plane * h * VB.Count);
                plane ^= 1;
                nint toStride = k == last ? dstStride : VB.Count;
                int step = (1 << k) % h;
                int yb = step;
                int ya = h - step;
                for (int y = 0; y < h; y++)
                {
                    VB v = Vec.Load(from + (y * fromStride));
                    v = Vec.ConditionalSelect(fromBelow, Vec.Load(from + (yb * fromStride)), v);
                    v = Vec.ConditionalSelect(fromAbove, Vec.Load(from + (ya * fromStride)), v);
                    Vec.Store(v, to + (y * toStride));
                    yb = yb + 1 == h ? 0 : yb + 1;
                    ya = ya + 1 == h ? 0 : ya + 1;
                }

                from = to;
                fromStride = toStride;
            }
        }
    }
}
