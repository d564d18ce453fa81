using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// Portable 128-bit row kernel of the 3x3 filters, 8 pixels per step in 16-bit lanes (8-byte loads, so nothing is
/// read past the row): <see cref="Row{TOperator}"/> runs along one row with an overlapped final step; rows under 8
/// interior pixels run the scalar kernel. Images at least 10 pixels wide take the strips of
/// <see cref="Stencil3x3Strips{TLanes}"/> with <see cref="StencilLanes128"/>.
/// </summary>
[SkipLocalsInit]
internal static class Stencil3x3Vector128
{
    private const int Step = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row<TOperator>(ref byte up, ref byte mid, ref byte down, ref byte dst, int n)
        where TOperator : IStencil3x3Operator
    {
        if (n < Step)
        {
            Stencil3x3Scalar.Row<TOperator>(ref up, ref mid, ref down, ref dst, n);
            return;
        }

        int last = n - Step;
        for (int x = 0; ; x += Step)
        {
            x = Math.Min(x, last);
            Vector128<ushort> centre = Load(ref mid, x);
            Vector128<ushort> left = Load(ref up, x - 1) + Load(ref mid, x - 1) + Load(ref down, x - 1);
            Vector128<ushort> middle = Load(ref up, x) + centre + Load(ref down, x);
            Vector128<ushort> right = Load(ref up, x + 1) + Load(ref mid, x + 1) + Load(ref down, x + 1);
            Vector128<ushort> result = TOperator.Apply(left + middle + right, centre);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, x), Vector128.Narrow(result, result).AsUInt64().ToScalar());
            if (x == last)
            {
                break;
            }
        }
    }

    /// <summary>(a * b) >> 16 per lane; pmulhuw where SSE2 exists, widening elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> MultiplyHigh(Vector128<ushort> a, Vector128<ushort> b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.MultiplyHigh(a, b);
        }

        (Vector128<uint> aLow, Vector128<uint> aHigh) = Vector128.Widen(a);
        (Vector128<uint> bLow, Vector128<uint> bHigh) = Vector128.Widen(b);
        return Vector128.Narrow((aLow * bLow) >> 16, (aHigh * bHigh) >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Load(ref byte row, int x) =>
        Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref row, x))).AsByte());
}
