using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX-512 box-pass kernel. Output pixel x of a row reads input at taps[j] + x: tap 0 and the last tap are the far
/// pixels, the ones between form the window. The arithmetic is in 32-bit lanes (vpmovzxbd loads, vpmulld), which
/// keeps Pillow's 24-bit fixed-point weights exact; 64 pixels per step are packed back to bytes with
/// vpackusdw/vpackuswb and one vpermd, because the vpmovdb-to-memory store is several times slower on AMD.
/// Rows of 16-63 pixels take 16-pixel steps; narrower rows go to AVX2.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurVector512
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lines(
        ref byte input, ReadOnlySpan<nint> taps, nint inPitch, ref byte output, nint outPitch, int n, int rows, uint whole, uint fraction)
    {
        if (n < 16)
        {
            BoxBlurVector256.Lines(ref input, taps, inPitch, ref output, outPitch, n, rows, whole, fraction);
            return;
        }

        var k = new Constants(whole, fraction);
        nint farLeft = taps[0], farRight = taps[^1];
        ReadOnlySpan<nint> window = taps[1..^1];
        // Packing interleaves the four 16-pixel quarters per 128-bit lane; this dword order undoes it.
        Vector512<int> order = Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        for (int row = 0; row < rows; row++)
        {
            ref byte line = ref Unsafe.Add(ref input, row * inPitch);
            ref byte target = ref Unsafe.Add(ref output, row * outPitch);
            if (n >= 64)
            {
                int last = n - 64;
                for (int x = 0; ; x += 64)
                {
                    // The final step overlaps the previous one instead of running a scalar tail; output never aliases input.
                    x = Math.Min(x, last);
                    Vector512<ushort> low = Avx512BW.PackUnsignedSaturate(
                        Pixels(ref line, window, farLeft, farRight, x, k).AsInt32(), Pixels(ref line, window, farLeft, farRight, x + 16, k).AsInt32());
                    Vector512<ushort> high = Avx512BW.PackUnsignedSaturate(
                        Pixels(ref line, window, farLeft, farRight, x + 32, k).AsInt32(), Pixels(ref line, window, farLeft, farRight, x + 48, k).AsInt32());
                    Vector512<byte> packed = Avx512BW.PackUnsignedSaturate(low.AsInt16(), high.AsInt16());
                    Avx512F.PermuteVar16x32(packed.AsInt32(), order).AsByte().StoreUnsafe(ref Unsafe.Add(ref target, x));
                    if (x == last)
                    {
                        break;
                    }
                }
            }
            else
            {
                int last = n - 16;
                for (int x = 0; ; x += 16)
                {
                    x = Math.Min(x, last);
                    Vector512<int> pixels = Pixels(ref line, window, farLeft, farRight, x, k).AsInt32();
                    Vector512<ushort> words = Avx512BW.PackUnsignedSaturate(pixels, pixels);
                    Vector512<byte> bytes = Avx512BW.PackUnsignedSaturate(words.AsInt16(), words.AsInt16());
                    Avx512F.PermuteVar16x32(bytes.AsInt32(), order).AsByte().GetLower().GetLower().StoreUnsafe(ref Unsafe.Add(ref target, x));
                    if (x == last)
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>16 output pixels starting at x, each already in [0, 255].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Pixels(ref byte line, ReadOnlySpan<nint> window, nint farLeft, nint farRight, int x, in Constants k)
    {
        Vector512<uint> sum = Load(ref line, window[0] + x);
        for (int i = 1; i < window.Length; i++)
        {
            sum += Load(ref line, window[i] + x);
        }

        Vector512<uint> far = Load(ref line, farLeft + x) + Load(ref line, farRight + x);
        return (sum * k.Whole + far * k.Fraction + k.Half) >> BoxBlurWeights.Shift;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Load(ref byte line, nint offset) =>
        Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref Unsafe.Add(ref line, offset)));

    private readonly struct Constants(uint whole, uint fraction)
    {
        public readonly Vector512<uint> Whole = Vector512.Create(whole);
        public readonly Vector512<uint> Fraction = Vector512.Create(fraction);
        public readonly Vector512<uint> Half = Vector512.Create(BoxBlurWeights.Half);
    }
}
