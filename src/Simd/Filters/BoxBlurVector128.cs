using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Filters;

/// <summary>
/// Portable 128-bit box-pass line kernel: 4 pixels per step in 32-bit lanes (4-byte loads, so nothing is read past
/// the line); same tap layout as <see cref="BoxBlurVector512"/>. Lines under 4 pixels run the scalar loop here.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurVector128
{
    private const int Step = 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Line(ref byte input, ReadOnlySpan<nint> taps, ref byte output, int n, uint whole, uint fraction)
    {
        ref byte farLeft = ref Unsafe.Add(ref input, taps[0]);
        ref byte farRight = ref Unsafe.Add(ref input, taps[^1]);
        ReadOnlySpan<nint> window = taps[1..^1];
        if (n < Step)
        {
            ScalarLine(ref input, window, ref farLeft, ref farRight, ref output, n, whole, fraction);
            return;
        }

        Vector128<uint> ww = Vector128.Create(whole), fw = Vector128.Create(fraction), half = Vector128.Create(BoxBlurWeights.Half);
        int last = n - Step;
        for (int x = 0; ; x += Step)
        {
            x = Math.Min(x, last);
            Vector128<uint> acc = Vector128<uint>.Zero;
            foreach (nint tap in window)
            {
                acc += Load(ref Unsafe.Add(ref input, tap), x);
            }

            Vector128<uint> sum = acc * ww + (Load(ref farLeft, x) + Load(ref farRight, x)) * fw + half;
            Vector128<ushort> words = (sum >> BoxBlurWeights.Shift).AsUInt16();
            Vector128<byte> bytes = Vector128.Narrow(Vector128.Narrow(sum >> BoxBlurWeights.Shift, sum), words).AsByte();
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, x), bytes.AsUInt32().ToScalar());
            if (x == last)
            {
                break;
            }
        }
    }

    private static void ScalarLine(
        ref byte input, ReadOnlySpan<nint> window, ref byte farLeft, ref byte farRight, ref byte output, int n, uint whole, uint fraction)
    {
        for (int x = 0; x < n; x++)
        {
            uint acc = 0;
            foreach (nint tap in window)
            {
                acc += Unsafe.Add(ref input, tap + x);
            }

            uint far = (uint)(Unsafe.Add(ref farLeft, x) + Unsafe.Add(ref farRight, x));
            Unsafe.Add(ref output, x) = (byte)((acc * whole + far * fraction + BoxBlurWeights.Half) >> BoxBlurWeights.Shift);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Load(ref byte line, int x) =>
        Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref line, x))).AsByte()));
}
