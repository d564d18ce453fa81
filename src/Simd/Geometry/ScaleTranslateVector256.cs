using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector256;
using VB = System.Runtime.Intrinsics.Vector256<byte>;
using VI = System.Runtime.Intrinsics.Vector256<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Bicubic resize passes, 256-bit. The vertical pass shares one weight per source row across the whole output row,
/// so it runs across columns in int32 lanes (the same wrapping int32 sums as Pillow). The horizontal pass has a
/// different window per output pixel; it uses one vector per window (taps in lanes, then a lane sum) when the
/// window fits a vector, the scalar code otherwise. Integer sums in any order are identical, so all paths match.
/// </summary>
internal static class ScaleTranslateVector256
{
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Horizontal(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, Span2D<byte> temp)
    {
        int ksize = axis.KernelSize;
        int vectors = (ksize + VI.Count - 1) / VI.Count;
        int span = vectors * VI.Count;
        int cols = temp.Width;
        // Windows are read as whole vectors that must stay inside the row; very wide kernels stay scalar.
        if (src.Width < span || vectors > 4)
        {
            ScaleTranslateScalar.Horizontal(src, axis, firstColumn, temp);
            return;
        }

        // Per output column: where its vectors start (shifted left near the row end) and its weights at those lanes.
        Span<int> scratch = Scratch.Ints((cols * span) + cols);
        Span<int> aligned = scratch[..(cols * span)];
        Span<int> loads = scratch[(cols * span)..];
        aligned.Clear();
        ReadOnlySpan<int> kernel = axis.Kernel;
        for (int c = 0; c < cols; c++)
        {
            int xx = firstColumn + c;
            int start = axis.First[xx];
            int load = Math.Min(start, src.Width - span);
            loads[c] = load;
            kernel.Slice(xx * ksize, axis.Count[xx]).CopyTo(aligned.Slice((c * span) + start - load));
        }

        ref int k = ref aligned[0];
        int half = 1 << (ResizeAxis.PrecisionBits - 1);
        for (int r = 0; r < temp.Height; r++)
        {
            ref byte inRow = ref src.DangerousGetReferenceAt(r, 0);
            Span<byte> outRow = temp.GetRowSpan(r);
            for (int c = 0; c < outRow.Length; c++)
            {
                ref byte p = ref Unsafe.Add(ref inRow, loads[c]);
                ref int kc = ref Unsafe.Add(ref k, c * span);
                VI acc = Widen(ref p) * Vec.LoadUnsafe(ref kc);
                for (int v = 1; v < vectors; v++)
                {
                    acc += Widen(ref Unsafe.Add(ref p, v * VI.Count)) * Vec.LoadUnsafe(ref kc, (nuint)(v * VI.Count));
                }

                outRow[c] = ResizeAxis.Clip8(Vec.Sum(acc) + half);
            }
        }
    }

    /// <summary>Exactly VI.Count bytes zero-extended to int32 lanes (no read past them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Widen(ref byte p) =>
        Vec.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref p)).AsByte()).ToVector256Unsafe()).AsInt32();

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Vertical(ReadOnlySpan2D<byte> inter, int interRow0, ResizeAxis axis, int firstRow, Span2D<byte> target)
    {
        int cols = target.Width;
        if (cols < VB.Count)
        {
            ScaleTranslateVector128.Vertical(inter, interRow0, axis, firstRow, target);
            return;
        }

        ReadOnlySpan<int> kernel = axis.Kernel;
        int ksize = axis.KernelSize;
        VI half = Vec.Create(1 << (ResizeAxis.PrecisionBits - 1));
        VI max = Vec.Create(255);
        for (int i = 0; i < target.Height; i++)
        {
            int yy = firstRow + i;
            int y0 = axis.First[yy] - interRow0;
            ReadOnlySpan<int> k = kernel.Slice(yy * ksize, axis.Count[yy]);
            for (int c0 = 0; c0 < cols; c0 += VB.Count)
            {
                // The last block overlaps the previous one; it recomputes identical values.
                int c = Math.Min(c0, cols - VB.Count);
                VI a0 = half, a1 = half, a2 = half, a3 = half;
                for (int t = 0; t < k.Length; t++)
                {
                    VB v = Vec.LoadUnsafe(ref inter.DangerousGetReferenceAt(y0 + t, c));
                    VI kt = Vec.Create(k[t]);
                    (var lo, var hi) = Vec.Widen(v);
                    (var l0, var l1) = Vec.Widen(lo);
                    (var h0, var h1) = Vec.Widen(hi);
                    a0 += l0.AsInt32() * kt;
                    a1 += l1.AsInt32() * kt;
                    a2 += h0.AsInt32() * kt;
                    a3 += h1.AsInt32() * kt;
                }

                VB result = Vec.Narrow(
                    Vec.Narrow(Clip(a0, max), Clip(a1, max)).AsUInt16(),
                    Vec.Narrow(Clip(a2, max), Clip(a3, max)).AsUInt16());
                result.StoreUnsafe(ref target.DangerousGetReferenceAt(i, c));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Clip(VI sum, VI max) =>
        Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(sum, ResizeAxis.PrecisionBits), VI.Zero), max);
}
