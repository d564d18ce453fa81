using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// The three vertical passes for box radius 0 (Gaussian radius below ~1.4, the augmentation range) fused into one
/// walk down each 16-column block: every input row is widened to 32-bit lanes once, the two intermediate passes stay
/// in registers (their values are already rounded to [0, 255], exactly what Pillow stores between passes), and only
/// the final rows are packed back to bytes. Rows past either edge repeat the edge row of that pass's own input, as
/// Pillow's clamped window does. Bit-identical to three separate passes. The input is a byte plane (the unfused row
/// passes) or the 32-bit lanes of <see cref="BoxBlurRowsVector512"/>, already in the pass's encoding.
/// The pass itself is the <see cref="IBoxPass"/> operator, a struct type argument.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurColumnsVector512
{
    public const int MinimumWidth = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TPass, TInput>(ref TInput input, nint inPitch, ref byte output, nint outPitch, int w, int h, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
        where TInput : unmanaged
    {
        (uint first, uint second) = TPass.Constants(weights);
        Vector512<uint> k0 = Vector512.Create(first), k1 = Vector512.Create(second), bias = Vector512.Create(TPass.Bias);
        Vector512<int> order = Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        Vector512<byte> lowBytes = Vector512<byte>.Indices << 2;
        int last = w - MinimumWidth;
        for (int x = 0; ; x += MinimumWidth)
        {
            // The final block overlaps the previous one; output never aliases input.
            x = Math.Min(x, last);
            ref TInput column = ref Unsafe.Add(ref input, x);
            ref byte target = ref Unsafe.Add(ref output, x);

            // Pass 1 reads rows i[y-1..y+1]; pass 2 reads a[y-2..y] to emit row y-1; pass 3 reads b[y-3..y-1] to emit
            // row y-2. Each stage starts with its first row standing in for row -1 and ends by repeating its last row.
            Vector512<uint> iPrev = Load<TPass, TInput>(ref column, bias), iCur = iPrev;
            Vector512<uint> a0 = default, a1 = default, b0 = default, b1 = default;
            Vector512<uint> i2 = default, a2 = default, b2 = default;
            for (int y = 0; y <= h + 1; y++)
            {
                if (y >= 2 && y + 4 <= h)
                {
                    // Three rows whose input rows are all inside the image: the same step with the registers' roles
                    // rotated instead of their contents, which cost a vector move per register and row (six moves
                    // for ten operations).
                    Step<TPass, TInput>(ref column, inPitch, ref target, outPitch, y, bias, k0, k1, lowBytes, order,
                        ref iPrev, ref iCur, ref i2, ref a0, ref a1, ref a2, ref b0, ref b1, ref b2);
                    Step<TPass, TInput>(ref column, inPitch, ref target, outPitch, y + 1, bias, k0, k1, lowBytes, order,
                        ref iCur, ref i2, ref iPrev, ref a1, ref a2, ref a0, ref b1, ref b2, ref b0);
                    Step<TPass, TInput>(ref column, inPitch, ref target, outPitch, y + 2, bias, k0, k1, lowBytes, order,
                        ref i2, ref iPrev, ref iCur, ref a2, ref a0, ref a1, ref b2, ref b0, ref b1);
                    y += 2;
                    continue;
                }

                Vector512<uint> aNew;
                if (y < h)
                {
                    Vector512<uint> iNext = Load<TPass, TInput>(ref Unsafe.Add(ref column, Math.Min(y + 1, h - 1) * inPitch), bias);
                    aNew = TPass.Apply(iPrev, iCur, iNext, k0, k1);
                    iPrev = iCur;
                    iCur = iNext;
                }
                else
                {
                    aNew = a1;
                }

                if (y == 0)
                {
                    a0 = aNew;
                    a1 = aNew;
                    continue;
                }

                Vector512<uint> bNew;
                if (y <= h)
                {
                    bNew = TPass.Apply(a0, a1, aNew, k0, k1);
                    a0 = a1;
                    a1 = aNew;
                }
                else
                {
                    bNew = b1;
                }

                if (y == 1)
                {
                    b0 = bNew;
                    b1 = bNew;
                    continue;
                }

                Vector512<uint> final = TPass.Apply(b0, b1, bNew, k0, k1);
                b0 = b1;
                b1 = bNew;
                Narrow<TPass>(final, bias, lowBytes, order).StoreUnsafe(ref Unsafe.Add(ref target, (y - 2) * outPitch));
            }

            if (x == last)
            {
                break;
            }
        }
    }

    /// <summary>
    /// One row of the loop above away from the edges, y in [2, h): reads input row y + 1, makes pass 1's row y, pass 2's
    /// row y - 1 and the final row y - 2, each into the register that held the oldest row of its pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TPass, TInput>(
        ref TInput column, nint inPitch, ref byte target, nint outPitch, int y,
        Vector512<uint> bias, Vector512<uint> k0, Vector512<uint> k1, Vector512<byte> lowBytes, Vector512<int> order,
        ref Vector512<uint> i0, ref Vector512<uint> i1, ref Vector512<uint> i2,
        ref Vector512<uint> a0, ref Vector512<uint> a1, ref Vector512<uint> a2,
        ref Vector512<uint> b0, ref Vector512<uint> b1, ref Vector512<uint> b2)
        where TPass : struct, IBoxPass
        where TInput : unmanaged
    {
        i2 = Load<TPass, TInput>(ref Unsafe.Add(ref column, (y + 1) * inPitch), bias);
        a2 = TPass.Apply(i0, i1, i2, k0, k1);
        b2 = TPass.Apply(a0, a1, a2, k0, k1);
        Vector512<uint> final = TPass.Apply(b0, b1, b2, k0, k1);
        Narrow<TPass>(final, bias, lowBytes, order).StoreUnsafe(ref Unsafe.Add(ref target, (y - 2) * outPitch));
    }

    /// <summary>
    /// The 16 pixels of a final row. Every pass result lies in [0, 255] and both encodings keep it in the lane's low
    /// byte (the float one's bias, 1.5 * 2^23, has a zero low byte), so with VBMI one byte permute gathers them, where
    /// the bias subtraction, two saturating packs and a dword permute took four uops (three on the shuffle port) and
    /// stood at the end of each row's chain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Narrow<TPass>(Vector512<uint> final, Vector512<uint> bias, Vector512<byte> lowBytes, Vector512<int> order)
        where TPass : struct, IBoxPass
    {
        if (Avx512Vbmi.IsSupported)
        {
            return Avx512Vbmi.PermuteVar64x8(final.AsByte(), lowBytes).GetLower().GetLower();
        }

        Vector512<int> result = (TPass.Bias != 0 ? final - bias : final).AsInt32();
        Vector512<ushort> words = Avx512BW.PackUnsignedSaturate(result, result);
        Vector512<byte> bytes = Avx512BW.PackUnsignedSaturate(words.AsInt16(), words.AsInt16());
        return Avx512F.PermuteVar16x32(bytes.AsInt32(), order).AsByte().GetLower().GetLower();
    }

    /// <summary>16 pixels in lanes in the pass's encoding: bytes widened and biased, or lanes as they are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Load<TPass, TInput>(ref TInput row, Vector512<uint> bias)
        where TPass : struct, IBoxPass
        where TInput : unmanaged
    {
        if (typeof(TInput) == typeof(uint))
        {
            return Vector512.LoadUnsafe(ref Unsafe.As<TInput, uint>(ref row));
        }

        Vector512<uint> lanes = Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref Unsafe.As<TInput, byte>(ref row)));
        return TPass.Bias != 0 ? lanes + bias : lanes;
    }
}
