using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX2 box-pass kernel, same tap layout and 32-bit fixed point as <see cref="BoxBlurVector512"/>: 32 pixels per
/// step packed back with vpackusdw/vpackuswb and one vpermd, 8-pixel steps for rows of 8-31 pixels, narrower rows
/// to the 128-bit kernel.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurVector256
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lines(
        ref byte input, ReadOnlySpan<nint> taps, nint inPitch, ref byte output, nint outPitch, int n, int rows, uint whole, uint fraction)
    {
        if (n < 8)
        {
            BoxBlurVector128.Lines(ref input, taps, inPitch, ref output, outPitch, n, rows, whole, fraction);
            return;
        }

        var k = new Constants(whole, fraction);
        nint farLeft = taps[0], farRight = taps[^1];
        ReadOnlySpan<nint> window = taps[1..^1];
        Vector256<int> order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        for (int row = 0; row < rows; row++)
        {
            ref byte line = ref Unsafe.Add(ref input, row * inPitch);
            ref byte target = ref Unsafe.Add(ref output, row * outPitch);
            if (n >= 32)
            {
                int last = n - 32;
                for (int x = 0; ; x += 32)
                {
                    x = Math.Min(x, last);
                    Vector256<ushort> low = Avx2.PackUnsignedSaturate(
                        Pixels(ref line, window, farLeft, farRight, x, k).AsInt32(), Pixels(ref line, window, farLeft, farRight, x + 8, k).AsInt32());
                    Vector256<ushort> high = Avx2.PackUnsignedSaturate(
                        Pixels(ref line, window, farLeft, farRight, x + 16, k).AsInt32(), Pixels(ref line, window, farLeft, farRight, x + 24, k).AsInt32());
                    Vector256<byte> packed = Avx2.PackUnsignedSaturate(low.AsInt16(), high.AsInt16());
                    Avx2.PermuteVar8x32(packed.AsInt32(), order).AsByte().StoreUnsafe(ref Unsafe.Add(ref target, x));
                    if (x == last)
                    {
                        break;
                    }
                }
            }
            else
            {
                int last = n - 8;
                for (int x = 0; ; x += 8)
                {
                    x = Math.Min(x, last);
                    Vector256<uint> pixels = Pixels(ref line, window, farLeft, farRight, x, k);
                    Vector128<ushort> words = Sse41.PackUnsignedSaturate(pixels.GetLower().AsInt32(), pixels.GetUpper().AsInt32());
                    Vector128<byte> bytes = Sse2.PackUnsignedSaturate(words.AsInt16(), words.AsInt16());
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, x), bytes.AsUInt64().ToScalar());
                    if (x == last)
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>8 output pixels starting at x, each already in [0, 255].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Pixels(ref byte line, ReadOnlySpan<nint> window, nint farLeft, nint farRight, int x, in Constants k)
    {
        Vector256<uint> sum = Load(ref line, window[0] + x);
        for (int i = 1; i < window.Length; i++)
        {
            sum += Load(ref line, window[i] + x);
        }

        Vector256<uint> far = Load(ref line, farLeft + x) + Load(ref line, farRight + x);
        return (sum * k.Whole + far * k.Fraction + k.Half) >> BoxBlurWeights.Shift;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Load(ref byte line, nint offset) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref line, offset))).AsByte()).AsUInt32();

    private readonly struct Constants(uint whole, uint fraction)
    {
        public readonly Vector256<uint> Whole = Vector256.Create(whole);
        public readonly Vector256<uint> Fraction = Vector256.Create(fraction);
        public readonly Vector256<uint> Half = Vector256.Create(BoxBlurWeights.Half);
    }
}
