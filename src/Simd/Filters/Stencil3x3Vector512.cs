using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX-512BW row kernel of the 3x3 filters: 16-bit lanes (vpmovzxbw loads), 64 pixels per step as two 32-lane halves
/// packed back with one vpackuswb and one vpermq (the vpmovwb-to-memory store is several times slower on AMD), then
/// 32-pixel steps, each with an overlapped final step; rows under 32 pixels go to the 256-bit kernel.
/// </summary>
[SkipLocalsInit]
internal static class Stencil3x3Vector512
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row<TOperator>(ref byte up, ref byte mid, ref byte down, ref byte dst, int n)
        where TOperator : IStencil3x3Operator
    {
        if (n < 32)
        {
            Stencil3x3Vector256.Row<TOperator>(ref up, ref mid, ref down, ref dst, n);
            return;
        }

        // vpackuswb interleaves the two halves per 128-bit lane; this qword order restores pixel order.
        Vector512<long> order = Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7);
        if (n >= 64)
        {
            int last = n - 64;
            for (int x = 0; ; x += 64)
            {
                // Recomputing a few pixels in an overlapped final step is cheaper than a scalar tail; dst never aliases src.
                x = Math.Min(x, last);
                Vector512<short> low = Pixels<TOperator>(ref up, ref mid, ref down, x).AsInt16();
                Vector512<short> high = Pixels<TOperator>(ref up, ref mid, ref down, x + 32).AsInt16();
                Vector512<byte> packed = Avx512BW.PackUnsignedSaturate(low, high);
                Avx512F.PermuteVar8x64(packed.AsInt64(), order).AsByte().StoreUnsafe(ref Unsafe.Add(ref dst, x));
                if (x == last)
                {
                    break;
                }
            }

            return;
        }

        for (int x = 0; ; x += 32)
        {
            x = Math.Min(x, n - 32);
            Vector512<short> pixels = Pixels<TOperator>(ref up, ref mid, ref down, x).AsInt16();
            Vector512<byte> packed = Avx512BW.PackUnsignedSaturate(pixels, pixels);
            Avx512F.PermuteVar8x64(packed.AsInt64(), order).AsByte().GetLower().StoreUnsafe(ref Unsafe.Add(ref dst, x));
            if (x == n - 32)
            {
                break;
            }
        }
    }

    /// <summary>32 output pixels starting at x, each in [0, 255], in 16-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Pixels<TOperator>(ref byte up, ref byte mid, ref byte down, int x)
        where TOperator : IStencil3x3Operator
    {
        Vector512<ushort> centre = Load(ref mid, x);
        Vector512<ushort> left = Load(ref up, x - 1) + Load(ref mid, x - 1) + Load(ref down, x - 1);
        Vector512<ushort> middle = Load(ref up, x) + centre + Load(ref down, x);
        Vector512<ushort> right = Load(ref up, x + 1) + Load(ref mid, x + 1) + Load(ref down, x + 1);
        return TOperator.Apply(left + middle + right, centre);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Load(ref byte row, int x) =>
        Avx512BW.ConvertToVector512UInt16(Vector256.LoadUnsafe(ref Unsafe.Add(ref row, x)));
}
