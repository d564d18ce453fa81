using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX-512BW row kernel of the 3x3 filters: 32 pixels per step in 16-bit lanes (vpmovzxbw loads, vpmovwb store).
/// A row of 62 interior pixels (64-wide image) is two steps, the second overlapping the first; rows shorter than
/// one step go to the 256-bit kernel.
/// </summary>
[SkipLocalsInit]
internal static class Stencil3x3Vector512
{
    private const int Step = 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row<TOperator>(ref byte up, ref byte mid, ref byte down, ref byte dst, int n)
        where TOperator : IStencil3x3Operator
    {
        if (n < Step)
        {
            Stencil3x3Vector256.Row<TOperator>(ref up, ref mid, ref down, ref dst, n);
            return;
        }

        int last = n - Step;
        for (int x = 0; ; x += Step)
        {
            // Recomputing a few pixels in an overlapped final step is cheaper than a scalar tail; dst never aliases src.
            x = Math.Min(x, last);
            Vector512<ushort> centre = Load(ref mid, x);
            Vector512<ushort> left = Load(ref up, x - 1) + Load(ref mid, x - 1) + Load(ref down, x - 1);
            Vector512<ushort> middle = Load(ref up, x) + centre + Load(ref down, x);
            Vector512<ushort> right = Load(ref up, x + 1) + Load(ref mid, x + 1) + Load(ref down, x + 1);
            Vector512<ushort> result = TOperator.Apply(left + middle + right, centre);
            Avx512BW.ConvertToVector256Byte(result).StoreUnsafe(ref Unsafe.Add(ref dst, x));
            if (x == last)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Load(ref byte row, int x) =>
        Avx512BW.ConvertToVector512UInt16(Vector256.LoadUnsafe(ref Unsafe.Add(ref row, x)));
}
