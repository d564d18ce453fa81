using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX-512 box-pass line kernel: 16 pixels per step in 32-bit lanes (vpmovzxbd loads, vpmulld, vpmovdb store),
/// which keeps Pillow's 24-bit fixed-point weights exact. Output pixel x reads input at offset taps[j] + x; tap 0 and
/// the last tap are the far pixels, the ones between form the window. Lines shorter than a step go to AVX2.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurVector512
{
    private const int Step = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Line(ref byte input, ReadOnlySpan<nint> taps, ref byte output, int n, uint whole, uint fraction)
    {
        if (n < Step)
        {
            BoxBlurVector256.Line(ref input, taps, ref output, n, whole, fraction);
            return;
        }

        Vector512<uint> ww = Vector512.Create(whole), fw = Vector512.Create(fraction), half = Vector512.Create(BoxBlurWeights.Half);
        ref byte farLeft = ref Unsafe.Add(ref input, taps[0]);
        ref byte farRight = ref Unsafe.Add(ref input, taps[^1]);
        ReadOnlySpan<nint> window = taps[1..^1];
        int last = n - Step;
        if (window.Length == 1)
        {
            // Radius below ~1.4 (the common augmentation range) leaves a one-pixel window: no inner loop.
            ref byte centre = ref Unsafe.Add(ref input, window[0]);
            for (int x = 0; ; x += Step)
            {
                x = Math.Min(x, last);
                Vector512<uint> sum = Load(ref centre, x) * ww + (Load(ref farLeft, x) + Load(ref farRight, x)) * fw + half;
                Avx512F.ConvertToVector128Byte(sum >> BoxBlurWeights.Shift).StoreUnsafe(ref Unsafe.Add(ref output, x));
                if (x == last)
                {
                    break;
                }
            }

            return;
        }

        for (int x = 0; ; x += Step)
        {
            x = Math.Min(x, last);
            Vector512<uint> acc = Vector512<uint>.Zero;
            foreach (nint tap in window)
            {
                acc += Load(ref Unsafe.Add(ref input, tap), x);
            }

            Vector512<uint> sum = acc * ww + (Load(ref farLeft, x) + Load(ref farRight, x)) * fw + half;
            Avx512F.ConvertToVector128Byte(sum >> BoxBlurWeights.Shift).StoreUnsafe(ref Unsafe.Add(ref output, x));
            if (x == last)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Load(ref byte line, int x) =>
        Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref Unsafe.Add(ref line, x)));
}
