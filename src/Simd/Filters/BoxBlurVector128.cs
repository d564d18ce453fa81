using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Filters;

/// <summary>
/// Portable 128-bit box-pass kernel (same tap layout as <see cref="BoxBlurVector512"/>): 16 pixels per step (window
/// summed in 16-bit lanes, weights applied in 32-bit), 4-pixel steps for rows of 4-15 pixels in 32-bit
/// lanes with 4-byte loads, so nothing is read past a row; rows under 4 pixels run the scalar loop here.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurVector128
{
    private const int Step = 4;
    private const int WideStep = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lines(
        ref byte input, ReadOnlySpan<nint> taps, nint inPitch, ref byte output, nint outPitch, int n, int rows, uint whole, uint fraction)
    {
        nint farLeft = taps[0], farRight = taps[^1];
        ReadOnlySpan<nint> window = taps[1..^1];
        Vector128<uint> ww = Vector128.Create(whole), fw = Vector128.Create(fraction), half = Vector128.Create(BoxBlurWeights.Half);
        for (int row = 0; row < rows; row++)
        {
            ref byte line = ref Unsafe.Add(ref input, row * inPitch);
            ref byte target = ref Unsafe.Add(ref output, row * outPitch);
            if (n < Step)
            {
                ScalarLine(ref line, window, farLeft, farRight, ref target, n, whole, fraction);
                continue;
            }

            if (n >= WideStep)
            {
                WideLine(ref line, window, farLeft, farRight, ref target, n, ww, fw, half);
                continue;
            }

            int last = n - Step;
            for (int x = 0; ; x += Step)
            {
                x = Math.Min(x, last);
                Vector128<uint> sum = Load(ref line, window[0] + x);
                for (int i = 1; i < window.Length; i++)
                {
                    sum += Load(ref line, window[i] + x);
                }

                Vector128<uint> far = Load(ref line, farLeft + x) + Load(ref line, farRight + x);
                Vector128<uint> pixels = (sum * ww + far * fw + half) >> BoxBlurWeights.Shift;
                Vector128<ushort> words = Vector128.Narrow(pixels, pixels);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, x), Vector128.Narrow(words, words).AsUInt32().ToScalar());
                if (x == last)
                {
                    break;
                }
            }
        }
    }

    /// <summary>16 pixels per step: one 16-byte load per tap widened to four 32-bit vectors, narrowed back once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WideLine(
        ref byte line, ReadOnlySpan<nint> window, nint farLeft, nint farRight, ref byte target, int n, Vector128<uint> ww, Vector128<uint> fw, Vector128<uint> half)
    {
        int last = n - WideStep;
        for (int x = 0; ; x += WideStep)
        {
            x = Math.Min(x, last);
            (Vector128<ushort> sumLow, Vector128<ushort> sumHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref Unsafe.Add(ref line, window[0] + x)));
            for (int i = 1; i < window.Length; i++)
            {
                (Vector128<ushort> low, Vector128<ushort> high) = Vector128.Widen(Vector128.LoadUnsafe(ref Unsafe.Add(ref line, window[i] + x)));
                // A window of at most 2 * 32 + 1 taps of 255 fits 16 bits.
                sumLow += low;
                sumHigh += high;
            }

            (Vector128<ushort> leftLow, Vector128<ushort> leftHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref Unsafe.Add(ref line, farLeft + x)));
            (Vector128<ushort> rightLow, Vector128<ushort> rightHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref Unsafe.Add(ref line, farRight + x)));
            Vector128<ushort> farLow = leftLow + rightLow, farHigh = leftHigh + rightHigh;
            Vector128<ushort> low16 = Vector128.Narrow(Pixels(sumLow, farLow, ww, fw, half, upper: false), Pixels(sumLow, farLow, ww, fw, half, upper: true));
            Vector128<ushort> high16 = Vector128.Narrow(Pixels(sumHigh, farHigh, ww, fw, half, upper: false), Pixels(sumHigh, farHigh, ww, fw, half, upper: true));
            Vector128.Narrow(low16, high16).StoreUnsafe(ref Unsafe.Add(ref target, x));
            if (x == last)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Pixels(Vector128<ushort> sum, Vector128<ushort> far, Vector128<uint> ww, Vector128<uint> fw, Vector128<uint> half, bool upper)
    {
        Vector128<uint> s = upper ? Vector128.WidenUpper(sum) : Vector128.WidenLower(sum);
        Vector128<uint> f = upper ? Vector128.WidenUpper(far) : Vector128.WidenLower(far);
        return (s * ww + f * fw + half) >> BoxBlurWeights.Shift;
    }

    private static void ScalarLine(
        ref byte line, ReadOnlySpan<nint> window, nint farLeft, nint farRight, ref byte target, int n, uint whole, uint fraction)
    {
        for (int x = 0; x < n; x++)
        {
            uint sum = 0;
            foreach (nint tap in window)
            {
                sum += Unsafe.Add(ref line, tap + x);
            }

            uint far = (uint)(Unsafe.Add(ref line, farLeft + x) + Unsafe.Add(ref line, farRight + x));
            Unsafe.Add(ref target, x) = (byte)((sum * whole + far * fraction + BoxBlurWeights.Half) >> BoxBlurWeights.Shift);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Load(ref byte line, nint offset) =>
        Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref line, offset))).AsByte()));
}
