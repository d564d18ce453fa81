using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector128;
using VB = System.Runtime.Intrinsics.Vector128<byte>;
using VI = System.Runtime.Intrinsics.Vector128<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Bicubic resize passes, 128-bit and portable (x64 without AVX2, ARM64). The vertical pass shares one weight per
/// source row across the whole output row, so it runs across columns in int32 lanes (the same wrapping int32 sums as
/// Pillow). The horizontal pass has a different window per output pixel; like the AVX2 pass it transposes source rows
/// (four here) so that lanes are rows and every weight is a broadcast, and falls back to one vector per window (taps
/// in lanes, then a lane sum) for images narrower than a group. Integer sums in any order are identical, so all paths
/// match.
/// </summary>
internal static class ScaleTranslateVector128
{
    /// <summary>Source rows per transposed column vector, and output columns per group: one int32 lane each.</summary>
    private const int Rows = 4;

    /// <summary>
    /// The horizontal pass into byte rows of <paramref name="temp"/>: the transposing one when a group of output columns
    /// and a 4-byte read fit, one vector per window otherwise.
    /// </summary>
    public static void Horizontal(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, Span2D<byte> temp)
    {
        if (src.Width >= Rows && temp.Width >= Rows && ImageLayout.OffsetsFitInt32(src))
        {
            Transposing(src, axis, firstColumn, temp);
        }
        else
        {
            Windows(src, axis, firstColumn, temp);
        }
    }

    /// <summary>
    /// Four source rows at a time are transposed into int32 column vectors (lane = row), so output column c is the sum
    /// over taps t of weight[c][t] * column[first[c] + t] with a broadcast weight: no lane sums, and the cost per tap is
    /// the same for any scale. Four output columns (already clip8 values) are narrowed to bytes and transposed back
    /// into four 4-byte row pieces with one byte shuffle.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Transposing(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, Span2D<byte> temp)
    {
        int rows = src.Height, cols = temp.Width;
        ResizeGroupLayout<Int4> layout = ResizeTableCache<ResizeGroupLayout<Int4>>.Get(axis, firstColumn, cols);
        int taps = layout.Taps, groups = layout.Groups, groupInts = Rows * (1 + taps);

        // As in the AVX2 pass: the transposed range is at least one whole 4-byte read inside the row (the last read
        // overlaps), and the taps-wide margin past it is read only against zero weights.
        int start = Math.Min(layout.Lo, src.Width - Rows);
        int end = Math.Max(layout.Hi, start + Rows);
        Span<int> columns = Scratch.Ints2((end - start + taps) * Rows);
        nint srcStride = ImageLayout.Stride(src);
        nint outStride = ImageLayout.Stride(temp);
        VI half = Vec.Create(1 << (ResizeAxis.PrecisionBits - 1));
        fixed (byte* srcBase = &src.DangerousGetReference())
        fixed (int* tableBase = &layout.Table[0])
        fixed (int* transposed = &columns[0])
        fixed (byte* outBase = &temp.DangerousGetReference())
        {
            for (int r = 0; r < rows; r += Rows)
            {
                // A short last band repeats its last row in the lanes past the image; only its real rows are stored.
                byte* row0 = srcBase + (r * srcStride);
                nint at1 = (Math.Min(r + 1, rows - 1) - r) * srcStride;
                nint at2 = (Math.Min(r + 2, rows - 1) - r) * srcStride;
                nint at3 = (Math.Min(r + 3, rows - 1) - r) * srcStride;
                for (int x = start; ; x += Rows)
                {
                    x = Math.Min(x, end - Rows);
                    byte* at = row0 + x;
                    TransposeBlock(
                        Vec.Create(Unsafe.ReadUnaligned<uint>(at), Unsafe.ReadUnaligned<uint>(at + at1), Unsafe.ReadUnaligned<uint>(at + at2), Unsafe.ReadUnaligned<uint>(at + at3)).AsByte(),
                        transposed + ((x - start) * Rows));
                    if (x == end - Rows)
                    {
                        break;
                    }
                }

                int* c0 = transposed - (start * Rows);
                byte* outRow = outBase + (r * outStride);
                int band = Math.Min(Rows, rows - r);
                for (int g = 0; g < groups; g++)
                {
                    int c = Math.Min(g * Rows, cols - Rows);
                    Vector128<uint> pieces = Group(c0, tableBase + (g * groupInts), taps, half).AsUInt32();
                    byte* o = outRow + c;
                    if (band == Rows)
                    {
                        Unsafe.WriteUnaligned(o, pieces.GetElement(0));
                        Unsafe.WriteUnaligned(o + outStride, pieces.GetElement(1));
                        Unsafe.WriteUnaligned(o + (2 * outStride), pieces.GetElement(2));
                        Unsafe.WriteUnaligned(o + (3 * outStride), pieces.GetElement(3));
                        continue;
                    }

                    for (int i = 0; i < band; i++)
                    {
                        Unsafe.WriteUnaligned(o + (i * outStride), pieces.GetElement(i));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Columns x..x+3 of four rows, read as one vector of four 4-byte row pieces, as four int32 column vectors
    /// (lane i = row i): one zero-filling byte shuffle per column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransposeBlock(VB pieces, int* target)
    {
        Vec.Shuffle(pieces, Vec.Create((byte)0, 0xFF, 0xFF, 0xFF, 4, 0xFF, 0xFF, 0xFF, 8, 0xFF, 0xFF, 0xFF, 12, 0xFF, 0xFF, 0xFF)).AsInt32().Store(target);
        Vec.Shuffle(pieces, Vec.Create((byte)1, 0xFF, 0xFF, 0xFF, 5, 0xFF, 0xFF, 0xFF, 9, 0xFF, 0xFF, 0xFF, 13, 0xFF, 0xFF, 0xFF)).AsInt32().Store(target + Rows);
        Vec.Shuffle(pieces, Vec.Create((byte)2, 0xFF, 0xFF, 0xFF, 6, 0xFF, 0xFF, 0xFF, 10, 0xFF, 0xFF, 0xFF, 14, 0xFF, 0xFF, 0xFF)).AsInt32().Store(target + (2 * Rows));
        Vec.Shuffle(pieces, Vec.Create((byte)3, 0xFF, 0xFF, 0xFF, 7, 0xFF, 0xFF, 0xFF, 11, 0xFF, 0xFF, 0xFF, 15, 0xFF, 0xFF, 0xFF)).AsInt32().Store(target + (3 * Rows));
    }

    /// <summary>
    /// Four output columns of the four rows: Pillow's sums over the taps of their windows (the weights past a window's
    /// own count are zero), clip8, then as bytes in row order: four 4-byte row pieces.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe VB Group(int* columns, int* entry, int taps, VI half)
    {
        nint o0 = entry[0], o1 = entry[1], o2 = entry[2], o3 = entry[3];
        VI a0 = half, a1 = half, a2 = half, a3 = half;
        int* w = entry + Rows;
        int* p = columns;
        for (int t = 0; t < taps; t++, w += Rows, p += Rows)
        {
            a0 += Vec.Load(p + o0) * Vec.Create(w[0]);
            a1 += Vec.Load(p + o1) * Vec.Create(w[1]);
            a2 += Vec.Load(p + o2) * Vec.Create(w[2]);
            a3 += Vec.Load(p + o3) * Vec.Create(w[3]);
        }

        VI max = Vec.Create(255);
        // Byte 4j + i is column j of row i (the values are in [0, 255], so truncating narrows keep them).
        VB byColumn = Vec.Narrow(
            Vec.Narrow(Clip(a0, max).AsUInt32(), Clip(a1, max).AsUInt32()),
            Vec.Narrow(Clip(a2, max).AsUInt32(), Clip(a3, max).AsUInt32()));
        return Vec.Shuffle(byColumn, Vec.Create((byte)0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
    }

    /// <summary>One vector per window (taps in lanes, then a lane sum); very wide kernels stay scalar.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Windows(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, Span2D<byte> temp)
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
        Vec.WidenLower(Vec.WidenLower(Vec.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref p)).AsByte())).AsInt32();

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Vertical(ReadOnlySpan2D<byte> inter, int interRow0, ResizeAxis axis, int firstRow, Span2D<byte> target)
    {
        int cols = target.Width;
        if (cols < VB.Count)
        {
            ScaleTranslateScalar.Vertical(inter, interRow0, axis, firstRow, target);
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
