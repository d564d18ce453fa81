using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VI = System.Runtime.Intrinsics.Vector512<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The horizontal bicubic pass with AVX-512 VBMI for source rows of at most 128 bytes: for tap t, one
/// <c>vpermi2b</c> fetches source pixel first[c] + t for 64 output columns at once, which then accumulate in int32
/// lanes with per-column weights. Same integer sums as Pillow's loop, so bit-identical.
/// </summary>
internal static class ScaleTranslateVbmi
{
    private const int PaddedWidth = 128;

    public static bool Applies(ReadOnlySpan2D<byte> src, ResizeAxis axis) =>
        Avx512Vbmi.IsSupported && src.Width <= PaddedWidth && axis.KernelSize <= 64;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Horizontal(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, Span2D<byte> temp)
    {
        int cols = temp.Width;
        int ksize = axis.KernelSize;
        int blocks = (cols + VB.Count - 1) / VB.Count;
        // Per block and tap: 64 source indices and 64 weights (zero past a column's own tap count).
        Span<int> weights = Scratch.Ints(blocks * ksize * VB.Count);
        Span<byte> indices = Scratch.Bytes2((blocks * ksize * VB.Count) + (src.Height * PaddedWidth));
        Span<byte> padded = indices[(blocks * ksize * VB.Count)..];
        ReadOnlySpan<int> kernel = axis.Kernel;
        for (int b = 0; b < blocks; b++)
        {
            for (int lane = 0; lane < VB.Count; lane++)
            {
                int c = Math.Min((b * VB.Count) + lane, cols - 1);
                int xx = firstColumn + c;
                int first = axis.First[xx];
                int count = axis.Count[xx];
                for (int t = 0; t < ksize; t++)
                {
                    int at = (((b * ksize) + t) * VB.Count) + lane;
                    indices[at] = (byte)(t < count ? first + t : first);
                    weights[at] = t < count ? kernel[(xx * ksize) + t] : 0;
                }
            }
        }

        for (int r = 0; r < src.Height; r++)
        {
            src.GetRowSpan(r).CopyTo(padded.Slice(r * PaddedWidth, src.Width));
        }

        Span<byte> pixels = stackalloc byte[VB.Count];
        VI half = Vec.Create(1 << (ResizeAxis.PrecisionBits - 1));
        VI max = Vec.Create(255);
        ref int wts = ref weights[0];
        ref byte idx = ref indices[0];
        for (int r = 0; r < temp.Height; r++)
        {
            VB lo = Vec.LoadUnsafe(ref padded[r * PaddedWidth]);
            VB hi = Vec.LoadUnsafe(ref padded[r * PaddedWidth], (nuint)VB.Count);
            Span<byte> outRow = temp.GetRowSpan(r);
            for (int b = 0; b < blocks; b++)
            {
                VI a0 = half, a1 = half, a2 = half, a3 = half;
                for (int t = 0; t < ksize; t++)
                {
                    nuint at = (nuint)(((b * ksize) + t) * VB.Count);
                    VB v = Avx512Vbmi.PermuteVar64x8x2(lo, Vec.LoadUnsafe(ref idx, at), hi);
                    (Vector512<ushort> wl, Vector512<ushort> wh) = Vec.Widen(v);
                    (Vector512<uint> q0, Vector512<uint> q1) = Vec.Widen(wl);
                    (Vector512<uint> q2, Vector512<uint> q3) = Vec.Widen(wh);
                    a0 += q0.AsInt32() * Vec.LoadUnsafe(ref wts, at);
                    a1 += q1.AsInt32() * Vec.LoadUnsafe(ref wts, at + 16);
                    a2 += q2.AsInt32() * Vec.LoadUnsafe(ref wts, at + 32);
                    a3 += q3.AsInt32() * Vec.LoadUnsafe(ref wts, at + 48);
                }

                VB result = Vec.Narrow(
                    Vec.Narrow(Clip(a0, max), Clip(a1, max)).AsUInt16(),
                    Vec.Narrow(Clip(a2, max), Clip(a3, max)).AsUInt16());
                int c0 = b * VB.Count;
                int n = Math.Min(VB.Count, cols - c0);
                if (n == VB.Count)
                {
                    result.StoreUnsafe(ref outRow[c0]);
                }
                else
                {
                    result.StoreUnsafe(ref pixels[0]);
                    pixels[..n].CopyTo(outRow[c0..]);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Clip(VI sum, VI max) =>
        Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(sum, ResizeAxis.PrecisionBits), VI.Zero), max);
}
