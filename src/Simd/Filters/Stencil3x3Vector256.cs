using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX2 row kernel of the 3x3 filters, 16 pixels per step in 16-bit lanes: <see cref="Row{TOperator}"/> runs along
/// one row (or the flat interior of a contiguous image) with an overlapped final step; shorter rows go to the 128-bit
/// kernel. Images at least 18 pixels wide take the strips of <see cref="Stencil3x3Strips{TLanes}"/> with
/// <see cref="StencilLanes256"/>.
/// </summary>
[SkipLocalsInit]
internal static class Stencil3x3Vector256
{
    private const int Step = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row<TOperator>(ref byte up, ref byte mid, ref byte down, ref byte dst, int n)
        where TOperator : IStencil3x3Operator
    {
        if (n < Step)
        {
            Stencil3x3Vector128.Row<TOperator>(ref up, ref mid, ref down, ref dst, n);
            return;
        }

        int last = n - Step;
        for (int x = 0; ; x += Step)
        {
            x = Math.Min(x, last);
            Vector256<ushort> centre = Load(ref mid, x);
            Vector256<ushort> left = Load(ref up, x - 1) + Load(ref mid, x - 1) + Load(ref down, x - 1);
            Vector256<ushort> middle = Load(ref up, x) + centre + Load(ref down, x);
            Vector256<ushort> right = Load(ref up, x + 1) + Load(ref mid, x + 1) + Load(ref down, x + 1);
            Vector256<short> result = TOperator.Apply(left + middle + right, centre).AsInt16();
            Sse2.PackUnsignedSaturate(result.GetLower(), result.GetUpper()).StoreUnsafe(ref Unsafe.Add(ref dst, x));
            if (x == last)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Load(ref byte row, int x) =>
        Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref Unsafe.Add(ref row, x))).AsUInt16();
}
