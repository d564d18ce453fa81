using System.Runtime.CompilerServices;

namespace Hpc.Simd.Filters;

/// <summary>Scalar row kernel of the 3x3 filters: the plain nine-tap sum.</summary>
[SkipLocalsInit]
internal static class Stencil3x3Scalar
{
    /// <summary>Interior pixels [0, n) of one row; the refs point at the first interior column.</summary>
    public static void Row<TOperator>(ref byte up, ref byte mid, ref byte down, ref byte dst, int n)
        where TOperator : IStencil3x3Operator
    {
        for (int x = 0; x < n; x++)
        {
            int box9 = 0;
            for (int dx = -1; dx <= 1; dx++)
            {
                box9 += Unsafe.Add(ref up, x + dx) + Unsafe.Add(ref mid, x + dx) + Unsafe.Add(ref down, x + dx);
            }

            Unsafe.Add(ref dst, x) = (byte)TOperator.Scalar(box9, Unsafe.Add(ref mid, x));
        }
    }
}
