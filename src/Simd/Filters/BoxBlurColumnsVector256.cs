using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector256;
using VU = System.Runtime.Intrinsics.Vector256<uint>;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX2 twin of <see cref="BoxBlurColumnsVector512"/>: the three vertical passes for box radius 0 fused into one walk
/// down each 8-column block. Every input row is widened to 32-bit lanes once, the two intermediate passes stay in
/// registers (already rounded to [0, 255], exactly what Pillow stores between passes), and only the final rows are
/// packed back to bytes. Rows past either edge repeat the edge row of that pass's own input, as Pillow's clamped
/// window does. Bit-identical to three separate passes.
/// The pass itself is the <see cref="IBoxPass"/> operator, a struct type argument.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurColumnsVector256
{
    public const int MinimumWidth = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TPass>(ref byte input, nint inPitch, ref byte output, nint outPitch, int w, int h, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
    {
        (uint first, uint second) = TPass.Constants(weights);
        VU k0 = Vec.Create(first), k1 = Vec.Create(second), bias = Vec.Create(TPass.Bias);
        int last = w - MinimumWidth;
        for (int x = 0; ; x += MinimumWidth)
        {
            // The final block overlaps the previous one; output never aliases input.
            x = Math.Min(x, last);
            ref byte column = ref Unsafe.Add(ref input, x);
            ref byte target = ref Unsafe.Add(ref output, x);

            // Stage a is pass 1 over the input rows i, b is pass 2 over a, and output row y is pass 3 over b[y-1..y+1].
            // Each stage's row -1 and row h repeat its own first and last row, as Pillow's clamped window does, so
            // the prologue seeds them and the last iterations replicate instead of computing; the loop in between
            // is straight-line (a single loop with per-row stage tests ran about a third slower).
            VU i0 = Load<TPass>(ref column, bias), i1 = Load<TPass>(ref Unsafe.Add(ref column, Math.Min(1, h - 1) * inPitch), bias);
            VU i2 = Load<TPass>(ref Unsafe.Add(ref column, Math.Min(2, h - 1) * inPitch), bias);
            VU a0 = TPass.Apply(i0, i0, i1, k0, k1);
            VU a1 = h > 1 ? TPass.Apply(i0, i1, i2, k0, k1) : a0;
            VU bPrev = TPass.Apply(a0, a0, a1, k0, k1), bCur = bPrev;
            ref byte next = ref Unsafe.Add(ref column, 3 * inPitch);
            ref byte row = ref target;
            for (int y = 0; y < h - 3; y++)
            {
                VU i3 = Load<TPass>(ref next, bias);
                next = ref Unsafe.Add(ref next, inPitch);
                VU a2 = TPass.Apply(i1, i2, i3, k0, k1);
                VU b = TPass.Apply(a0, a1, a2, k0, k1);
                Store<TPass>(TPass.Apply(bPrev, bCur, b, k0, k1), bias, ref row);
                row = ref Unsafe.Add(ref row, outPitch);
                bPrev = bCur;
                bCur = b;
                a0 = a1;
                a1 = a2;
                i1 = i2;
                i2 = i3;
            }

            if (h >= 3)
            {
                // Output row h - 3: input row h repeats row h - 1 (i2).
                VU a2 = TPass.Apply(i1, i2, i2, k0, k1);
                VU b = TPass.Apply(a0, a1, a2, k0, k1);
                Store<TPass>(TPass.Apply(bPrev, bCur, b, k0, k1), bias, ref row);
                row = ref Unsafe.Add(ref row, outPitch);
                bPrev = bCur;
                bCur = b;
                a0 = a1;
                a1 = a2;
            }

            if (h >= 2)
            {
                // Output row h - 2: a's row h repeats its row h - 1 (a1).
                VU b = TPass.Apply(a0, a1, a1, k0, k1);
                Store<TPass>(TPass.Apply(bPrev, bCur, b, k0, k1), bias, ref row);
                row = ref Unsafe.Add(ref row, outPitch);
                bPrev = bCur;
                bCur = b;
            }

            // Output row h - 1: b's row h repeats its row h - 1.
            Store<TPass>(TPass.Apply(bPrev, bCur, bCur, k0, k1), bias, ref row);

            if (x == last)
            {
                break;
            }
        }
    }

    /// <summary>Eight values in [0, 255] (once unbiased) as eight bytes: the two packs leave them in the low 8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TPass>(VU result, VU bias, ref byte target)
        where TPass : struct, IBoxPass
    {
        if (TPass.Bias != 0)
        {
            result -= bias;
        }

        Vector128<short> words = Sse41.PackUnsignedSaturate(result.AsInt32().GetLower(), result.AsInt32().GetUpper()).AsInt16();
        Unsafe.WriteUnaligned(ref target, Sse2.PackUnsignedSaturate(words, words).AsUInt64().ToScalar());
    }

    /// <summary>Exactly 8 bytes (no read past them), widened to lanes in the pass's encoding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VU Load<TPass>(ref byte row, VU bias)
        where TPass : struct, IBoxPass
    {
        VU lanes = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref row)).AsByte()).AsUInt32();
        return TPass.Bias != 0 ? lanes + bias : lanes;
    }
}
