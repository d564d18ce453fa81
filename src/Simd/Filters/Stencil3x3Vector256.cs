using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX2 kernels of the 3x3 filters, 16 pixels per step in 16-bit lanes: <see cref="Interior{TOperator}"/> walks
/// 16-column strips down an image at least 18 pixels wide, <see cref="Row{TOperator}"/> runs along one row (or the
/// flat interior of a contiguous image) with an overlapped final step; shorter rows go to the 128-bit kernel.
/// </summary>
[SkipLocalsInit]
internal static class Stencil3x3Vector256
{
    private const int Step = 16;

    /// <summary>Narrowest image <see cref="Interior{TOperator}"/> takes: one strip and the two edge columns.</summary>
    public const int InteriorWidth = Step + 2;

    /// <summary>
    /// The interior of an image at least <see cref="InteriorWidth"/> pixels wide, in 16-column strips walked down the
    /// rows, as the 512-bit <c>Interior</c> does: each source row's horizontal triple sum is computed once and reused
    /// by the three output rows that need it, three widening loads per row and strip where the row kernel takes nine.
    /// The last strip overlaps the one before; the caller copies the edge columns; dst never aliases src.
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
            Vector256<ushort> prev = Triple(column, out _);
            Vector256<ushort> cur = Triple(column + srcPitch, out Vector256<ushort> centre);
            for (int y = 1; y < h - 1; y++)
            {
                Vector256<ushort> next = Triple(column + ((y + 1) * srcPitch), out Vector256<ushort> nextCentre);
                Vector256<short> pixels = TOperator.Apply(prev + cur + next, centre).AsInt16();
                Sse2.PackUnsignedSaturate(pixels.GetLower(), pixels.GetUpper()).Store(dst + (y * dstPitch) + x);
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

    /// <summary>The horizontal triple sums of the 16 pixels from <paramref name="p"/>, and those pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<ushort> Triple(byte* p, out Vector256<ushort> centre)
    {
        centre = Avx2.ConvertToVector256Int16(Vector128.Load(p)).AsUInt16();
        return Avx2.ConvertToVector256Int16(Vector128.Load(p - 1)).AsUInt16() + centre + Avx2.ConvertToVector256Int16(Vector128.Load(p + 1)).AsUInt16();
    }

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
