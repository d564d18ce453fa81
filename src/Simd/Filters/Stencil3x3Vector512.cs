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

    /// <summary>
    /// The interior of an image at least 34 pixels wide, in 32-column strips walked down the rows: each source row's
    /// horizontal triple sum is computed once and reused by the three output rows that need it (three loads per row
    /// and strip instead of nine). The last strip overlaps the previous one; dst never aliases src.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Interior<TOperator>(byte* src, nint srcPitch, byte* dst, nint dstPitch, int w, int h)
        where TOperator : IStencil3x3Operator
    {
        Vector512<long> order = Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7);
        int last = w - 1 - 32;
        for (int x0 = 1; ; x0 += 32)
        {
            int x = Math.Min(x0, last);
            byte* column = src + x;
            Vector512<ushort> prev = Triple(column, out _);
            Vector512<ushort> cur = Triple(column + srcPitch, out Vector512<ushort> centre);
            for (int y = 1; y < h - 1; y++)
            {
                Vector512<ushort> next = Triple(column + ((y + 1) * srcPitch), out Vector512<ushort> nextCentre);
                Vector512<short> pixels = TOperator.Apply(prev + cur + next, centre).AsInt16();
                Vector512<byte> packed = Avx512BW.PackUnsignedSaturate(pixels, pixels);
                Avx512F.PermuteVar8x64(packed.AsInt64(), order).AsByte().GetLower().Store(dst + (y * dstPitch) + x);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<ushort> Triple(byte* p, out Vector512<ushort> centre)
    {
        centre = Avx512BW.ConvertToVector512UInt16(Vector256.Load(p));
        return Avx512BW.ConvertToVector512UInt16(Vector256.Load(p - 1)) + centre + Avx512BW.ConvertToVector512UInt16(Vector256.Load(p + 1));
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
