using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// Portable 128-bit kernels of the 3x3 filters, 8 pixels per step in 16-bit lanes (8-byte loads, so nothing is read
/// past the row): <see cref="Interior{TOperator}"/> walks 8-column strips down an image at least 10 pixels wide,
/// <see cref="Row{TOperator}"/> runs along one row with an overlapped final step; rows under 8 interior pixels run
/// the scalar kernel.
/// </summary>
[SkipLocalsInit]
internal static class Stencil3x3Vector128
{
    private const int Step = 8;

    /// <summary>Narrowest image <see cref="Interior{TOperator}"/> takes: one strip and the two edge columns.</summary>
    public const int InteriorWidth = Step + 2;

    /// <summary>
    /// The interior of an image at least <see cref="InteriorWidth"/> pixels wide, in 8-column strips walked down the
    /// rows (as <see cref="Stencil3x3Vector256.Interior{TOperator}"/>): each source row's horizontal triple sum is
    /// computed once and reused by the three output rows that need it. The last strip overlaps the one before; the
    /// caller copies the edge columns; dst never aliases src.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Interior<TOperator>(byte* src, nint srcPitch, byte* dst, nint dstPitch, int w, int h)
        where TOperator : IStencil3x3Operator
    {
        int last = w - 1 - Step;
        for (int x0 = 1; ; x0 += Step)
        {
            int x = Math.Min(x0, last);
            byte* column = src + x;
            Vector128<ushort> prev = Triple(column, out _);
            Vector128<ushort> cur = Triple(column + srcPitch, out Vector128<ushort> centre);
            for (int y = 1; y < h - 1; y++)
            {
                Vector128<ushort> next = Triple(column + ((y + 1) * srcPitch), out Vector128<ushort> nextCentre);
                Vector128<ushort> result = TOperator.Apply(prev + cur + next, centre);
                Unsafe.WriteUnaligned(dst + (y * dstPitch) + x, Vector128.Narrow(result, result).AsUInt64().ToScalar());
                prev = cur;
                cur = next;
                centre = nextCentre;
            }

            if (x == last)
            {
                break;
            }
        }
    }

    /// <summary>The horizontal triple sums of the 8 pixels from <paramref name="p"/>, and those pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector128<ushort> Triple(byte* p, out Vector128<ushort> centre)
    {
        centre = Load(p);
        return Load(p - 1) + centre + Load(p + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector128<ushort> Load(byte* p) =>
        Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(p)).AsByte());

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
