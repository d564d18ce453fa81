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
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurColumnsVector256
{
    public const int MinimumWidth = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref byte input, nint inPitch, ref byte output, nint outPitch, int w, int h, uint whole, uint fraction)
    {
        VU ww = Vec.Create(whole), fw = Vec.Create(fraction), half = Vec.Create(BoxBlurWeights.Half);
        int last = w - MinimumWidth;
        for (int x = 0; ; x += MinimumWidth)
        {
            // The final block overlaps the previous one; output never aliases input.
            x = Math.Min(x, last);
            ref byte column = ref Unsafe.Add(ref input, x);
            ref byte target = ref Unsafe.Add(ref output, x);

            // Pass 1 reads rows i[y-1..y+1]; pass 2 reads a[y-2..y] to emit row y-1; pass 3 reads b[y-3..y-1] to emit
            // row y-2. Each stage starts with its first row standing in for row -1 and ends by repeating its last row.
            VU iPrev = Load(ref column), iCur = iPrev;
            VU a0 = default, a1 = default, b0 = default, b1 = default;
            for (int y = 0; y <= h + 1; y++)
            {
                VU aNew;
                if (y < h)
                {
                    VU iNext = Load(ref Unsafe.Add(ref column, Math.Min(y + 1, h - 1) * inPitch));
                    aNew = Pass(iPrev, iCur, iNext, ww, fw, half);
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

                VU bNew;
                if (y <= h)
                {
                    bNew = Pass(a0, a1, aNew, ww, fw, half);
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

                Vector256<int> result = Pass(b0, b1, bNew, ww, fw, half).AsInt32();
                b0 = b1;
                b1 = bNew;
                // Values are in [0, 255]: the two packs leave pixels 0-3 in byte 0-3 of the low lane and 4-7 in
                // byte 0-3 of the high lane.
                Vector128<short> words = Sse41.PackUnsignedSaturate(result.GetLower(), result.GetUpper()).AsInt16();
                Vector128<byte> bytes = Sse2.PackUnsignedSaturate(words, words);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, (y - 2) * outPitch), bytes.AsUInt64().ToScalar());
            }

            if (x == last)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VU Pass(VU above, VU centre, VU below, VU ww, VU fw, VU half) =>
        (centre * ww + (above + below) * fw + half) >> BoxBlurWeights.Shift;

    /// <summary>Exactly 8 bytes zero-extended to 32-bit lanes (no read past them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VU Load(ref byte row) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref row)).AsByte()).AsUInt32();
}
