using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector256;
using VS = System.Runtime.Intrinsics.Vector256<short>;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX2 twin of <see cref="BoxBlurWordsVector512"/> for box radius 0 on rows of 16-64 pixels: each pass is
/// c + g(l + r - 2c) in 16-bit lanes (<see cref="WordPass"/>), exact for the radii whose pass
/// <see cref="BoxBlurWordsProof.TryPass(BoxBlurWeights, out WordPass)"/> proves, so a register holds 16 pixels and a
/// pass costs five operations (seven in the shifted form) instead of the 32-bit kernels' twelve per 16 pixels. Sixteen 256-bit
/// registers cannot hold the 512-bit kernel's whole six-pass pipeline, so it runs as the 32-bit kernels do: the
/// horizontal passes per row in registers into a 64-byte-pitch scratch plane, then the vertical passes fused per
/// 16-column block.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurWordsVector256
{
    public const int MinimumWidth = 16;

    public const int MaximumWidth = 64;

    /// <summary>Row pitch of the scratch plane between the two halves.</summary>
    public const int OutputPitch = 64;

    /// <summary>The three horizontal passes of every row into <paramref name="output"/> (pitch <see cref="OutputPitch"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows(ref byte input, nint inPitch, ref byte output, int w, int h, WordPass pass)
    {
        if (pass.Shift == 0)
        {
            Rows<RoundScalePass>(ref input, inPitch, ref output, w, h, pass);
        }
        else
        {
            Rows<HighShiftPass>(ref input, inPitch, ref output, w, h, pass);
        }
    }

    private static void Rows<TPass>(ref byte input, nint inPitch, ref byte output, int w, int h, WordPass pass)
        where TPass : struct, IWordPass
    {
        switch ((w + 15) >> 4)
        {
            case 1:
                Rows<One, TPass>(ref input, inPitch, ref output, w, h, pass);
                break;
            case 2:
                Rows<Two, TPass>(ref input, inPitch, ref output, w, h, pass);
                break;
            case 3:
                Rows<Three, TPass>(ref input, inPitch, ref output, w, h, pass);
                break;
            default:
                Rows<Four, TPass>(ref input, inPitch, ref output, w, h, pass);
                break;
        }
    }

    // TCount is the register count ceil(w / 16), a JIT-time constant like in BoxBlurRowsVector256: the last register
    // (the one holding pixel w - 1) is always the clamped one. No calls in here: they spill every vector constant.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TCount, TPass>(ref byte input, nint inPitch, ref byte output, int w, int h, WordPass pass)
        where TCount : struct
        where TPass : struct, IWordPass
    {
        int n = typeof(TCount) == typeof(One) ? 1 : typeof(TCount) == typeof(Two) ? 2 : typeof(TCount) == typeof(Three) ? 3 : 4;
        VS b = Vec.Create(pass.Multiplier);
        VS rounding = Vec.Create(pass.Rounding);
        Vector128<short> shift = Vector128.CreateScalar((short)pass.Shift);
        // The last register's lane (w - 1) & 15 and the lanes past it are their own right neighbour: the row end
        // repeats itself (Pillow's replicated edge) and the lanes past it are never stored.
        VS keepLast = Vec.GreaterThanOrEqual(VS.Indices, Vec.Create((short)((w - 1) & 15)));

        Span<byte> tail = stackalloc byte[MaximumWidth];
        int bytes = 16 * n;
        for (int y = 0; y < h; y++)
        {
            scoped ref byte row = ref Unsafe.Add(ref input, y * inPitch);
            if ((h - 1 - y) * inPitch + w < bytes)
            {
                // The last rows of a tight image: the last 16-byte load would leave the source (a byte loop, see above).
                for (int x = 0; x < w; x++)
                {
                    tail[x] = Unsafe.Add(ref row, x);
                }

                row = ref tail[0];
            }

            VS c0 = Load(ref row, 0);
            VS c1 = n > 1 ? Load(ref row, 16) : default, c2 = n > 2 ? Load(ref row, 32) : default, c3 = n > 3 ? Load(ref row, 48) : default;
            for (int step = 0; step < BoxBlurWeights.Passes; step++)
            {
                // The first pixel is its own left neighbour: a broadcast of it stands in for the register before c0.
                VS t0 = Pair(Avx2.BroadcastScalarToVector256(c0.GetLower()), c0);
                VS t1 = n > 1 ? Pair(c0, c1) : default;
                VS n0 = Pass<TPass>(Left(t0, c0), c0, n == 1 ? LastRight(c0, keepLast) : Right(c0, t1), b, rounding, shift);
                VS n1 = default, n2 = default, n3 = default;
                if (n > 1)
                {
                    VS t2 = n > 2 ? Pair(c1, c2) : default;
                    n1 = Pass<TPass>(Left(t1, c1), c1, n == 2 ? LastRight(c1, keepLast) : Right(c1, t2), b, rounding, shift);
                    if (n > 2)
                    {
                        VS t3 = n > 3 ? Pair(c2, c3) : default;
                        n2 = Pass<TPass>(Left(t2, c2), c2, n == 3 ? LastRight(c2, keepLast) : Right(c2, t3), b, rounding, shift);
                        if (n > 3)
                        {
                            n3 = Pass<TPass>(Left(t3, c3), c3, LastRight(c3, keepLast), b, rounding, shift);
                        }
                    }
                }

                c0 = n0;
                c1 = n1;
                c2 = n2;
                c3 = n3;
            }

            // vpackuswb interleaves the two registers per 128-bit lane; the qword permute restores pixel order.
            ref byte target = ref Unsafe.Add(ref output, y * OutputPitch);
            Avx2.Permute4x64(Avx2.PackUnsignedSaturate(c0, c1).AsInt64(), 0xD8).AsByte().StoreUnsafe(ref target);
            if (n > 2)
            {
                Avx2.Permute4x64(Avx2.PackUnsignedSaturate(c2, c3).AsInt64(), 0xD8).AsByte().StoreUnsafe(ref target, 32);
            }
        }
    }

    /// <summary>
    /// The three vertical passes per 16-column block of the scratch plane, as <see cref="BoxBlurColumns{TLanes}"/>
    /// does in 32-bit lanes: each stage's row -1 and row h repeat its own first and last row.
    /// </summary>
    public static void Columns(ref byte input, nint inPitch, ref byte output, nint outPitch, int w, int h, WordPass pass)
    {
        if (pass.Shift == 0)
        {
            Columns<RoundScalePass>(ref input, inPitch, ref output, outPitch, w, h, pass);
        }
        else
        {
            Columns<HighShiftPass>(ref input, inPitch, ref output, outPitch, w, h, pass);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns<TPass>(ref byte input, nint inPitch, ref byte output, nint outPitch, int w, int h, WordPass pass)
        where TPass : struct, IWordPass
    {
        VS b = Vec.Create(pass.Multiplier);
        VS rounding = Vec.Create(pass.Rounding);
        Vector128<short> shift = Vector128.CreateScalar((short)pass.Shift);
        int last = w - MinimumWidth;
        for (int x = 0; ; x += MinimumWidth)
        {
            // The final block overlaps the previous one; output never aliases input.
            x = Math.Min(x, last);
            ref byte column = ref Unsafe.Add(ref input, x);
            ref byte target = ref Unsafe.Add(ref output, x);
            // The same prologue / straight-line loop / replicating tail as BoxBlurColumns.
            VS i0 = Load(ref column, 0), i1 = Load(ref Unsafe.Add(ref column, Math.Min(1, h - 1) * inPitch), 0);
            VS i2 = Load(ref Unsafe.Add(ref column, Math.Min(2, h - 1) * inPitch), 0);
            VS a0 = Pass<TPass>(i0, i0, i1, b, rounding, shift);
            VS a1 = h > 1 ? Pass<TPass>(i0, i1, i2, b, rounding, shift) : a0;
            // From here each stage holds its current row and that row's difference from the row above (Stage);
            // the first vertical pass's row -1 is its row 0, so its difference starts at zero.
            VS iCur = i2, dI = i2 - i1;
            VS aCur = a1, dA = a1 - a0;
            VS bCur = Pass<TPass>(a0, a0, a1, b, rounding, shift), dB = VS.Zero;
            ref byte next = ref Unsafe.Add(ref column, 3 * inPitch);
            ref byte row = ref target;
            for (int y = 0; y < h - 3; y++)
            {
                VS a2 = Stage<TPass>(ref iCur, ref dI, Load(ref next, 0), b, rounding, shift);
                next = ref Unsafe.Add(ref next, inPitch);
                VS bNew = Stage<TPass>(ref aCur, ref dA, a2, b, rounding, shift);
                Store(Stage<TPass>(ref bCur, ref dB, bNew, b, rounding, shift), ref row);
                row = ref Unsafe.Add(ref row, outPitch);
            }

            // The bottom: each stage's input repeats its last row (a zero difference), one stage more per row.
            if (h >= 3)
            {
                VS a2 = Stage<TPass>(ref iCur, ref dI, iCur, b, rounding, shift);
                VS bNew = Stage<TPass>(ref aCur, ref dA, a2, b, rounding, shift);
                Store(Stage<TPass>(ref bCur, ref dB, bNew, b, rounding, shift), ref row);
                row = ref Unsafe.Add(ref row, outPitch);
            }

            if (h >= 2)
            {
                VS bNew = Stage<TPass>(ref aCur, ref dA, aCur, b, rounding, shift);
                Store(Stage<TPass>(ref bCur, ref dB, bNew, b, rounding, shift), ref row);
                row = ref Unsafe.Add(ref row, outPitch);
            }

            Store(Stage<TPass>(ref bCur, ref dB, bCur, b, rounding, shift), ref row);

            if (x == last)
            {
                break;
            }
        }
    }

    /// <summary>
    /// One vertical pass at the row <paramref name="current"/> once the row below it is known: l + r - 2c is the
    /// difference of the row below minus that of the current row (kept in <paramref name="difference"/>), two
    /// subtractions where l + r - 2c took three operations. Advances the stage by one row and returns its result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VS Stage<TPass>(ref VS current, ref VS difference, VS below, VS b, VS rounding, Vector128<short> shift)
        where TPass : struct, IWordPass
    {
        VS step = below - current;
        VS result = current + TPass.Apply(step - difference, b, rounding, shift);
        current = below;
        difference = step;
        return result;
    }

    /// <summary>16 values in [0, 255] as 16 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(VS result, ref byte target) =>
        Sse2.PackUnsignedSaturate(result.GetLower(), result.GetUpper()).StoreUnsafe(ref target);

    /// <summary>The 128-bit halves straddling the boundary of two registers: (a.upper, b.lower).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VS Pair(VS a, VS b) => Avx2.Permute2x128(a, b, 0x21);

    /// <summary>Lane i: pixel i - 1 of register c, whose lane -1 is the last lane of the pair's lower half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VS Left(VS pair, VS c) => Avx2.AlignRight(c.AsByte(), pair.AsByte(), 14).AsInt16();

    /// <summary>Lane i: pixel i + 1 of register c, whose lane 16 is the next register's lane 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VS Right(VS c, VS pair) => Avx2.AlignRight(pair.AsByte(), c.AsByte(), 2).AsInt16();

    /// <summary>Right neighbours in the register holding the row end: lanes from the last pixel on keep their own value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VS LastRight(VS c, VS keepLast) =>
        Avx2.BlendVariable(Right(c, Avx2.Permute2x128(c, c, 0x01)).AsByte(), c.AsByte(), keepLast.AsByte()).AsInt16();

    /// <summary>
    /// One box pass on 16 pixels: c + g(l + r - 2c), exact by
    /// <see cref="BoxBlurWordsProof.TryPass(BoxBlurWeights, out WordPass)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VS Pass<TPass>(VS left, VS centre, VS right, VS b, VS rounding, Vector128<short> shift)
        where TPass : struct, IWordPass =>
        centre + TPass.Apply(left + right - (centre + centre), b, rounding, shift);

    /// <summary>Exactly 16 bytes zero-extended to 16-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VS Load(ref byte row, int x) => Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, (nuint)x));

    private struct One;

    private struct Two;

    private struct Three;

    private struct Four;
}
