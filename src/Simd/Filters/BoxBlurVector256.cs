using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX2 box-pass line kernel: 8 pixels per step in 32-bit lanes (8-byte vpmovzxbd loads, vpmulld); same tap layout as
/// <see cref="BoxBlurVector512"/>. Lines shorter than a step go to the 128-bit kernel.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurVector256
{
    private const int Step = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Line(ref byte input, ReadOnlySpan<nint> taps, ref byte output, int n, uint whole, uint fraction)
    {
        if (n < Step)
        {
            BoxBlurVector128.Line(ref input, taps, ref output, n, whole, fraction);
            return;
        }

        Vector256<uint> ww = Vector256.Create(whole), fw = Vector256.Create(fraction), half = Vector256.Create(BoxBlurWeights.Half);
        ref byte farLeft = ref Unsafe.Add(ref input, taps[0]);
        ref byte farRight = ref Unsafe.Add(ref input, taps[^1]);
        ReadOnlySpan<nint> window = taps[1..^1];
        int last = n - Step;
        if (window.Length == 1)
        {
            ref byte centre = ref Unsafe.Add(ref input, window[0]);
            for (int x = 0; ; x += Step)
            {
                x = Math.Min(x, last);
                Vector256<uint> sum = Load(ref centre, x) * ww + (Load(ref farLeft, x) + Load(ref farRight, x)) * fw + half;
                Store(sum >> BoxBlurWeights.Shift, ref Unsafe.Add(ref output, x));
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
            Vector256<uint> acc = Vector256<uint>.Zero;
            foreach (nint tap in window)
            {
                acc += Load(ref Unsafe.Add(ref input, tap), x);
            }

            Vector256<uint> sum = acc * ww + (Load(ref farLeft, x) + Load(ref farRight, x)) * fw + half;
            Store(sum >> BoxBlurWeights.Shift, ref Unsafe.Add(ref output, x));
            if (x == last)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Load(ref byte line, int x) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref line, x))).AsByte()).AsUInt32();

    /// <summary>Stores the 8 lanes (each already in [0, 255]) as 8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<uint> pixels, ref byte destination)
    {
        Vector128<ushort> words = Sse41.PackUnsignedSaturate(pixels.GetLower().AsInt32(), pixels.GetUpper().AsInt32());
        Vector128<byte> bytes = Sse2.PackUnsignedSaturate(words.AsInt16(), words.AsInt16());
        Unsafe.WriteUnaligned(ref destination, bytes.AsUInt64().ToScalar());
    }
}
