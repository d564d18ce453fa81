using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// All six box-radius-0 passes in 16-bit lanes, fused in one walk down an image of 16-64 columns: each row is one
/// pair of word registers (rows over 32 pixels as their even and odd pixels, so that the neighbours are one-register
/// permutes), its three horizontal passes run in registers, and the three vertical passes are a register pipeline
/// over the last rows (no scratch at all).
/// <para>
/// Pillow's pass is (c*W + s*F + 2^23) >> 24 with s = l + r. Its weights satisfy W = 2^24 - 2F - e (e is 0 or 1,
/// from Pillow's truncations), so for e = 0 it equals c + g(d) with d = s - 2c in [-510, 510] and
/// g(d) = floor((d*F + 2^23) / 2^24); for e = 1 the extra -c changes nothing unless (d*F + 2^23) mod 2^24 is
/// below 255. vpmulhrsw computes floor((d*b + 2^14) / 2^15), which equals g(d) for some 15-bit b only when no
/// rounding boundary of any d lies between F/2^24 and b/2^15.
/// <see cref="BoxBlurWordsProof.TryMultiplier(BoxBlurWeights, out short)"/> proves that for all 1021 values of d (and
/// the e = 1 margin) before this kernel is chosen; otherwise the 32-bit kernels run.
/// </para>
/// </summary>
[SkipLocalsInit]
internal static unsafe class BoxBlurWordsVector512
{
    public const int MinimumWidth = 16;

    public const int MaximumWidth = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref byte input, nint inPitch, ref byte output, nint outPitch, int w, int h, short multiplier)
    {
        fixed (byte* src = &input, dst = &output)
        {
            if (w > 32)
            {
                Run<Wide>(src, inPitch, dst, outPitch, w, h, multiplier);
            }
            else
            {
                Run<Narrow>(src, inPitch, dst, outPitch, w, h, multiplier);
            }
        }
    }

    // Should not call other non-inlined methods: a call makes the JIT spill every vector constant. TWidth is Wide
    // (two word registers per row) or Narrow (rows of at most 32 pixels: one register, the high half never runs);
    // the test on it is a JIT-time constant.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TWidth>(byte* src, nint inPitch, byte* dst, nint outPitch, int w, int h, short multiplier)
        where TWidth : struct
    {
        bool wide = typeof(TWidth) == typeof(Wide);
        Vector512<short> b = Vector512.Create(multiplier);
        Vector512<byte> mask = Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)w));

        // Narrow rows: word lane i is pixel i, its neighbours one-register permutes clamped at the row ends like
        // Pillow's replicated edges. Wide rows: (lo, hi) are the even and odd pixels (lane i: pixels 2i and 2i + 1),
        // so an even pixel's neighbours are odd lanes i - 1 and i and an odd pixel's even lanes i and i + 1: one
        // one-register permute per parity and pass, where the pixel-order halves took two two-register permutes.
        // The masks put a row-end pixel in place of its missing neighbour.
        Vector512<ushort> iota = Vector512<ushort>.Indices;
        Vector512<ushort> lastPixel = Vector512.Create((ushort)(w - 1));
        Vector512<short> previous = (Vector512.Max(iota, Vector512<ushort>.One) - Vector512<ushort>.One).AsInt16();
        Vector512<short> next = wide
            ? Vector512.Min(iota + Vector512<ushort>.One, Vector512.Create((ushort)31)).AsInt16()
            : Vector512.Min(iota + Vector512<ushort>.One, lastPixel).AsInt16();
        Vector512<short> firstLane = Vector512.Equals(iota, Vector512<ushort>.Zero).AsInt16();
        Vector512<ushort> even = iota + iota;
        Vector512<short> evenAtEnd = Vector512.GreaterThanOrEqual(even + Vector512<ushort>.One, Vector512.Create((ushort)w)).AsInt16();
        Vector512<short> oddAtEnd = Vector512.GreaterThanOrEqual(even + Vector512.Create((ushort)2), Vector512.Create((ushort)w)).AsInt16();
        Vector512<long> order = Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7);

        // Horizontal results of rows y - 1 and y, then the first and second vertical stages, each two rows deep.
        // Every stage starts with its first row standing in for row -1 and ends by repeating its last row.
        Horizontal<TWidth>(src, mask, b, previous, next, firstLane, evenAtEnd, oddAtEnd, out Vector512<short> hPrevLo, out Vector512<short> hPrevHi);
        Vector512<short> hCurLo = hPrevLo, hCurHi = hPrevHi;
        Vector512<short> a0Lo = default, a0Hi = default, a1Lo = default, a1Hi = default;
        Vector512<short> b0Lo = default, b0Hi = default, b1Lo = default, b1Hi = default;
        for (int y = 0; y <= h + 1; y++)
        {
            Vector512<short> aLo, aHi;
            if (y < h)
            {
                Vector512<short> hNextLo = hCurLo, hNextHi = hCurHi;
                if (y + 1 < h)
                {
                    Horizontal<TWidth>(src + (y + 1) * inPitch, mask, b, previous, next, firstLane, evenAtEnd, oddAtEnd, out hNextLo, out hNextHi);
                }

                aLo = Pass(hPrevLo, hCurLo, hNextLo, b);
                aHi = wide ? Pass(hPrevHi, hCurHi, hNextHi, b) : default;
                hPrevLo = hCurLo;
                hPrevHi = hCurHi;
                hCurLo = hNextLo;
                hCurHi = hNextHi;
            }
            else
            {
                aLo = a1Lo;
                aHi = a1Hi;
            }

            if (y == 0)
            {
                a0Lo = a1Lo = aLo;
                a0Hi = a1Hi = aHi;
                continue;
            }

            Vector512<short> bLo, bHi;
            if (y <= h)
            {
                bLo = Pass(a0Lo, a1Lo, aLo, b);
                bHi = wide ? Pass(a0Hi, a1Hi, aHi, b) : default;
                a0Lo = a1Lo;
                a0Hi = a1Hi;
                a1Lo = aLo;
                a1Hi = aHi;
            }
            else
            {
                bLo = b1Lo;
                bHi = b1Hi;
            }

            if (y == 1)
            {
                b0Lo = b1Lo = bLo;
                b0Hi = b1Hi = bHi;
                continue;
            }

            Vector512<short> outLo = Pass(b0Lo, b1Lo, bLo, b), outHi = wide ? Pass(b0Hi, b1Hi, bHi, b) : outLo;
            b0Lo = b1Lo;
            b0Hi = b1Hi;
            b1Lo = bLo;
            b1Hi = bHi;

            // Wide: even pixels in the low bytes, odd in the high ones, which is pixel order. Narrow: vpackuswb
            // interleaves per 128-bit lane and the qword permute restores pixel order.
            Vector512<byte> row = wide
                ? (outLo | Vector512.ShiftLeft(outHi, 8)).AsByte()
                : Avx512F.PermuteVar8x64(Avx512BW.PackUnsignedSaturate(outLo, outHi).AsInt64(), order).AsByte();
            Avx512BW.MaskStore(dst + (y - 2) * outPitch, mask, row);
        }
    }

    /// <summary>
    /// Loads one row (masked, so nothing past the row is touched) and runs the three horizontal passes: in pixel order
    /// for narrow rows (<paramref name="lo"/> only), as the even and odd pixels for wide ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Horizontal<TWidth>(
        byte* row, Vector512<byte> mask, Vector512<short> b, Vector512<short> previous, Vector512<short> next, Vector512<short> firstLane,
        Vector512<short> evenAtEnd, Vector512<short> oddAtEnd, out Vector512<short> lo, out Vector512<short> hi)
    {
        Vector512<byte> bytes = Avx512BW.MaskLoad(row, mask, Vector512<byte>.Zero);
        if (typeof(TWidth) != typeof(Wide))
        {
            // At most 32 pixels: every clamped index stays inside the one register.
            lo = Avx512BW.ConvertToVector512Int16(bytes.GetLower());
            hi = default;
            for (int pass = 0; pass < BoxBlurWeights.Passes; pass++)
            {
                lo = Pass(Avx512BW.PermuteVar32x16(lo, previous), lo, Avx512BW.PermuteVar32x16(lo, next), b);
            }

            return;
        }

        Vector512<ushort> words = bytes.AsUInt16();
        Vector512<short> e = (words & Vector512.Create((ushort)0xFF)).AsInt16();
        Vector512<short> o = Vector512.ShiftRightLogical(words, 8).AsInt16();
        for (int pass = 0; pass < BoxBlurWeights.Passes; pass++)
        {
            // Even pixel 2i: left 2i - 1 (odd lane i - 1; pixel 0 repeats itself), right 2i + 1 (odd lane i, or itself
            // at the row end). Odd pixel 2i + 1: left 2i (even lane i), right 2i + 2 (even lane i + 1, or itself).
            Vector512<short> left = Vector512.ConditionalSelect(firstLane, e, Avx512BW.PermuteVar32x16(o, previous));
            Vector512<short> right = Vector512.ConditionalSelect(evenAtEnd, e, o);
            Vector512<short> after = Vector512.ConditionalSelect(oddAtEnd, o, Avx512BW.PermuteVar32x16(e, next));
            Vector512<short> nextEven = Pass(left, e, right, b);
            o = Pass(e, o, after, b);
            e = nextEven;
        }

        lo = e;
        hi = o;
    }

    /// <summary>
    /// One box pass on 32 pixels: c + g(l + r - 2c), exact by
    /// <see cref="BoxBlurWordsProof.TryMultiplier(BoxBlurWeights, out short)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Pass(Vector512<short> left, Vector512<short> centre, Vector512<short> right, Vector512<short> b) =>
        centre + Avx512BW.MultiplyHighRoundScale(left + right - (centre + centre), b);

    private struct Wide;

    private struct Narrow;
}
