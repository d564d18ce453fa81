using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// All six box-radius-0 passes in 16-bit lanes, for images of 16-64 columns: each row is one pair of word registers
/// (rows over 32 pixels as their even and odd pixels, so that the neighbours are one-register permutes), its three
/// horizontal passes run in registers and land in a scratch of two registers per row, and the three vertical passes
/// are a register pipeline walking down those rows.
/// <para>
/// Pillow's pass is (c*W + s*F + 2^23) >> 24 with s = l + r. Its weights satisfy W = 2^24 - 2F - e (e is 0 or 1,
/// from Pillow's truncations), so for e = 0 it equals c + g(d) with d = s - 2c in [-510, 510] and
/// g(d) = floor((d*F + 2^23) / 2^24); for e = 1 the extra -c changes nothing unless (d*F + 2^23) mod 2^24 is
/// below 255. A <see cref="WordPass"/> (vpmulhrsw, or vpmulhw with a rounding shift) computes g(d) from a 15-bit
/// multiplier b exactly when no rounding boundary of any d lies between F/2^24 and b's weight;
/// <see cref="BoxBlurWordsProof.TryPass(BoxBlurWeights, out WordPass)"/> proves that for all 1021 values of d (and
/// the e = 1 margin) before this kernel is chosen; otherwise the 32-bit kernels run. The pass's form is a type
/// argument (<see cref="IWordPass"/>).
/// </para>
/// </summary>
[SkipLocalsInit]
internal static unsafe class BoxBlurWordsVector512
{
    public const int MinimumWidth = 16;

    public const int MaximumWidth = 64;

    /// <summary>A row after its horizontal passes: two word registers.</summary>
    private const int RowBytes = 2 * 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref byte input, nint inPitch, ref byte output, nint outPitch, int w, int h, WordPass pass)
    {
        Span<byte> rows = FilterScratch.Bytes(checked(h * RowBytes));
        fixed (byte* src = &input, dst = &output, scratch = rows)
        {
            var shorts = (Vector512<short>*)scratch;
            if (pass.Shift == 0)
            {
                Run<RoundScalePass>(src, inPitch, dst, outPitch, w, h, pass, shorts);
            }
            else
            {
                Run<HighShiftPass>(src, inPitch, dst, outPitch, w, h, pass, shorts);
            }
        }
    }

    private static void Run<TPass>(byte* src, nint inPitch, byte* dst, nint outPitch, int w, int h, WordPass pass, Vector512<short>* rows)
        where TPass : struct, IWordPass
    {
        if (w > 32)
        {
            Run<Wide, TPass>(src, inPitch, dst, outPitch, w, h, pass, rows);
        }
        else
        {
            Run<Narrow, TPass>(src, inPitch, dst, outPitch, w, h, pass, rows);
        }
    }

    // Should not call other non-inlined methods: a call makes the JIT spill every vector constant. TWidth is Wide
    // (two word registers per row) or Narrow (rows of at most 32 pixels: one register, the high half never runs);
    // the test on it is a JIT-time constant.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TWidth, TPass>(byte* src, nint inPitch, byte* dst, nint outPitch, int w, int h, WordPass pass, Vector512<short>* rows)
        where TWidth : struct
        where TPass : struct, IWordPass
    {
        bool wide = typeof(TWidth) == typeof(Wide);
        Vector512<short> b = Vector512.Create(pass.Multiplier);
        Vector512<short> rounding = Vector512.Create(pass.Rounding);
        Vector128<short> shift = Vector128.CreateScalar((short)pass.Shift);
        Vector512<byte> mask = Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)w));

        // Narrow rows: word lane i is pixel i, its neighbours one-register permutes clamped at the row ends like
        // Pillow's replicated edges. Wide rows: (lo, hi) are the even and odd pixels (lane i: pixels 2i and 2i + 1),
        // so an even pixel's neighbours are odd lanes i - 1 and i and an odd pixel's even lanes i and i + 1: one
        // one-register permute per parity and pass, where the pixel-order halves took two two-register permutes.
        Vector512<ushort> iota = Vector512<ushort>.Indices;
        Vector512<ushort> lastPixel = Vector512.Create((ushort)(w - 1));
        Vector512<short> previous = wide
            ? ((iota + Vector512.Create((ushort)31)) & Vector512.Create((ushort)31)).AsInt16()
            : (Vector512.Max(iota, Vector512<ushort>.One) - Vector512<ushort>.One).AsInt16();
        Vector512<short> next = wide
            ? Vector512.Min(iota + Vector512<ushort>.One, Vector512.Create((ushort)31)).AsInt16()
            : Vector512.Min(iota + Vector512<ushort>.One, lastPixel).AsInt16();
        Vector512<ushort> even = iota + iota;
        Vector512<short> evenHasRight = Vector512.LessThan(even + Vector512<ushort>.One, Vector512.Create((ushort)w)).AsInt16();
        Vector512<short> oddHasRight = Vector512.LessThan(even + Vector512.Create((ushort)2), Vector512.Create((ushort)w)).AsInt16();
        Vector512<long> order = Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7);

        // The vertical passes as a pipeline over rows, each stage holding its current row and that row's difference
        // from the row above (see Stage). Every stage starts with a zero difference (row -1 repeats row 0) and its
        // input repeats its last row past the bottom (a zero difference again).
        // The horizontal passes of every row first: rows are independent, so their three-pass chains overlap, where
        // inside the row pipeline each row's chain held up the vertical stages behind it (the scheduler window holds
        // about one row of this loop on Zen 4).
        for (int y = 0; y < h; y++)
        {
            Horizontal<TWidth, TPass>(src + (y * inPitch), mask, b, rounding, shift, previous, next, evenHasRight, oddHasRight, out Vector512<short> lo, out Vector512<short> hi);
            rows[2 * y] = lo;
            if (wide)
            {
                rows[(2 * y) + 1] = hi;
            }
        }

        Vector512<short> hLo = rows[0], hHi = wide ? rows[1] : default;
        Vector512<short> dhLo = default, dhHi = default;
        Vector512<short> aLo = default, aHi = default, daLo = default, daHi = default;
        Vector512<short> bLo = default, bHi = default, dbLo = default, dbHi = default;
        for (int y = 0; y <= h + 1; y++)
        {
            Vector512<short> aNewLo, aNewHi;
            if (y < h)
            {
                Vector512<short> nextLo = hLo, nextHi = hHi;
                if (y + 1 < h)
                {
                    nextLo = rows[2 * (y + 1)];
                    nextHi = wide ? rows[(2 * (y + 1)) + 1] : default;
                }

                aNewLo = Stage<TPass>(ref hLo, ref dhLo, nextLo, b, rounding, shift);
                aNewHi = wide ? Stage<TPass>(ref hHi, ref dhHi, nextHi, b, rounding, shift) : default;
            }
            else
            {
                aNewLo = aLo;
                aNewHi = aHi;
            }

            if (y == 0)
            {
                (aLo, aHi) = (aNewLo, aNewHi);
                continue;
            }

            Vector512<short> bNewLo, bNewHi;
            if (y <= h)
            {
                bNewLo = Stage<TPass>(ref aLo, ref daLo, aNewLo, b, rounding, shift);
                bNewHi = wide ? Stage<TPass>(ref aHi, ref daHi, aNewHi, b, rounding, shift) : default;
            }
            else
            {
                bNewLo = bLo;
                bNewHi = bHi;
            }

            if (y == 1)
            {
                (bLo, bHi) = (bNewLo, bNewHi);
                continue;
            }

            Vector512<short> outLo = Stage<TPass>(ref bLo, ref dbLo, bNewLo, b, rounding, shift), outHi = wide ? Stage<TPass>(ref bHi, ref dbHi, bNewHi, b, rounding, shift) : outLo;

            // Wide: even pixels in the low bytes, odd in the high ones, which is pixel order. Narrow: vpackuswb
            // interleaves per 128-bit lane and the qword permute restores pixel order.
            Vector512<byte> row = wide
                ? (outLo | Vector512.ShiftLeft(outHi, 8)).AsByte()
                : Avx512F.PermuteVar8x64(Avx512BW.PackUnsignedSaturate(outLo, outHi).AsInt64(), order).AsByte();
            Avx512BW.MaskStore(dst + (y - 2) * outPitch, mask, row);
        }
    }

    /// <summary>
    /// One vertical pass at the row <paramref name="current"/> once the row below it (<paramref name="below"/>) is
    /// known: with D the difference of each row from the one above it, the pass's l + r - 2c is D(below) - D(current),
    /// so each row costs two subtractions where l + r - 2c took three operations. Advances the stage by one row and
    /// returns the pass's result for the row it leaves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Stage<TPass>(ref Vector512<short> current, ref Vector512<short> difference, Vector512<short> below, Vector512<short> b, Vector512<short> rounding, Vector128<short> shift)
        where TPass : struct, IWordPass
    {
        Vector512<short> step = below - current;
        Vector512<short> result = current + TPass.Apply(step - difference, b, rounding, shift);
        current = below;
        difference = step;
        return result;
    }

    /// <summary>
    /// Loads one row (masked, so nothing past the row is touched) and runs the three horizontal passes: in pixel order
    /// for narrow rows (<paramref name="lo"/> only), as the even and odd pixels for wide ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Horizontal<TWidth, TPass>(
        byte* row, Vector512<byte> mask, Vector512<short> b, Vector512<short> rounding, Vector128<short> shift, Vector512<short> previous,
        Vector512<short> next, Vector512<short> evenHasRight, Vector512<short> oddHasRight, out Vector512<short> lo, out Vector512<short> hi)
        where TPass : struct, IWordPass
    {
        Vector512<byte> bytes = Avx512BW.MaskLoad(row, mask, Vector512<byte>.Zero);
        if (typeof(TWidth) != typeof(Wide))
        {
            // At most 32 pixels: every clamped index stays inside the one register.
            lo = Avx512BW.ConvertToVector512Int16(bytes.GetLower());
            hi = default;
            for (int pass = 0; pass < BoxBlurWeights.Passes; pass++)
            {
                lo = Pass<TPass>(Avx512BW.PermuteVar32x16(lo, previous), lo, Avx512BW.PermuteVar32x16(lo, next), b, rounding, shift);
            }

            return;
        }

        Vector512<ushort> words = bytes.AsUInt16();
        Vector512<short> e = (words & Vector512.Create((ushort)0xFF)).AsInt16();
        Vector512<short> o = Vector512.ShiftRightLogical(words, 8).AsInt16();
        for (int pass = 0; pass < BoxBlurWeights.Passes; pass++)
        {
            // The differences of neighbours: p = pixel 2i + 1 - pixel 2i, q = pixel 2i + 2 - pixel 2i + 1, zero where
            // the right neighbour is the pixel itself (Pillow's replicated edge) and in the lanes past the row. An even
            // pixel's l + r - 2c is p(i) - q(i - 1), an odd one's q(i) - p(i). Lane 0's q(i - 1) comes from lane 31,
            // which is past the row end or the last pixel of a row of 64, so zero either way: pixel 0's left
            // neighbour is itself.
            Vector512<short> p = (o - e) & evenHasRight;
            Vector512<short> q = (Avx512BW.PermuteVar32x16(e, next) - o) & oddHasRight;
            Vector512<short> qLeft = Avx512BW.PermuteVar32x16(q, previous);
            e += TPass.Apply(p - qLeft, b, rounding, shift);
            o += TPass.Apply(q - p, b, rounding, shift);
        }

        lo = e;
        hi = o;
    }

    /// <summary>
    /// One box pass on 32 pixels: c + g(l + r - 2c), exact by
    /// <see cref="BoxBlurWordsProof.TryPass(BoxBlurWeights, out WordPass)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Pass<TPass>(Vector512<short> left, Vector512<short> centre, Vector512<short> right, Vector512<short> b, Vector512<short> rounding, Vector128<short> shift)
        where TPass : struct, IWordPass =>
        centre + TPass.Apply(left + right - (centre + centre), b, rounding, shift);

    private struct Wide;

    private struct Narrow;
}
