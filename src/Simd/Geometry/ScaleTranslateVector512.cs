using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VI = System.Runtime.Intrinsics.Vector512<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Bicubic resize passes, 512-bit. The vertical pass shares one weight per source row across the whole output row,
/// so it runs across columns in int32 lanes (the same wrapping int32 sums as Pillow). The horizontal pass has a
/// different window per output pixel; it uses one vector per window (taps in lanes, then a lane sum) when the
/// window fits a vector, the scalar code otherwise. Integer sums in any order are identical, so all paths match.
/// <see cref="ScaleTranslate"/> takes <see cref="ScaleTranslateVbmi"/>'s horizontal pass instead where it applies, else
/// <see cref="ScaleTranslateVector256"/>'s, both of which write int32 rows for the int32 overload of
/// <see cref="Vertical(ReadOnlySpan{int}, int, int, ResizeAxis, int, Span2D{byte})"/>.
/// </summary>
internal static class ScaleTranslateVector512
{
    /// <summary>Int32 lanes per vector, as a constant for the switch over a last block's width.</summary>
    private const int Group = 16;

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

    /// <summary>
    /// The vertical pass over the int32 rows of a horizontal pass (<paramref name="pitch"/> a multiple of 64, so
    /// every 64-column block loads whole vectors; lanes past the columns are never stored): no widening per tap. A
    /// last block narrower than 64 columns runs only the 16-column groups it stores, which for the loader's random
    /// target sizes (25..63 of 64) saves a quarter of this pass on average.
    /// </summary>
    [SkipLocalsInit]
    public static void Vertical(ReadOnlySpan<int> inter, int pitch, int interRow0, ResizeAxis axis, int firstRow, Span2D<byte> target)
    {
        int cols = target.Width;
        int whole = cols & ~(VB.Count - 1);
        if (whole > 0)
        {
            Vertical<Int4>(inter, pitch, interRow0, axis, firstRow, target, 0, whole);
        }

        switch (cols - whole)
        {
            case 0:
                break;
            case <= Group:
                Vertical<Int1>(inter, pitch, interRow0, axis, firstRow, target, whole, cols);
                break;
            case <= 2 * Group:
                Vertical<Int2>(inter, pitch, interRow0, axis, firstRow, target, whole, cols);
                break;
            case <= 3 * Group:
                Vertical<Int3>(inter, pitch, interRow0, axis, firstRow, target, whole, cols);
                break;
            default:
                Vertical<Int4>(inter, pitch, interRow0, axis, firstRow, target, whole, cols);
                break;
        }
    }

    /// <summary>Columns [from, to) in 64-column blocks of <typeparamref name="TGroups"/> 16-lane groups each.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Vertical<TGroups>(ReadOnlySpan<int> inter, int pitch, int interRow0, ResizeAxis axis, int firstRow, Span2D<byte> target, int from, int to)
        where TGroups : struct, IStaticInt
    {
        int groups = TGroups.Value;
        // The axis' spans once, outside the loops: its getters are not inlined into a method this large.
        ReadOnlySpan<int> kernel = axis.Kernel, starts = axis.First, counts = axis.Count;
        int ksize = axis.KernelSize;
        VI half = Vec.Create(1 << (ResizeAxis.PrecisionBits - 1));
        nint outStride = ImageLayout.Stride(target);
        fixed (int* inBase = &inter[0])
        fixed (int* kBase = &kernel[0])
        fixed (byte* outBase = &target.DangerousGetReference())
        {
            for (int c = from; c < to; c += VB.Count)
            {
                VB mask = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(VB.Count, to - c)));
                for (int i = 0; i < target.Height; i++)
                {
                    int yy = firstRow + i;
                    int* p = inBase + ((starts[yy] - interRow0) * pitch) + c;
                    int* k = kBase + (yy * ksize);
                    int taps = counts[yy];
                    VI a0 = half, a1 = half, a2 = half, a3 = half;
                    for (int t = 0; t < taps; t++, p += pitch)
                    {
                        VI kt = Vec.Create(k[t]);
                        a0 += Vec.Load(p) * kt;
                        if (groups > 1)
                        {
                            a1 += Vec.Load(p + VI.Count) * kt;
                        }

                        if (groups > 2)
                        {
                            a2 += Vec.Load(p + (2 * VI.Count)) * kt;
                        }

                        if (groups > 3)
                        {
                            a3 += Vec.Load(p + (3 * VI.Count)) * kt;
                        }
                    }

                    // Groups that did not run narrow whatever they hold; the mask keeps those bytes out of the row.
                    VB result = Clip8(a0, a1, a2, a3);
                    Avx512BW.MaskStore(outBase + (i * outStride) + c, mask, result);
                }
            }
        }
    }

    /// <summary>The int32 rows of the horizontal pass as bytes, when no vertical pass follows.</summary>
    [SkipLocalsInit]
    public static unsafe void Narrow(ReadOnlySpan<int> inter, int pitch, Span2D<byte> target)
    {
        int cols = target.Width;
        nint outStride = ImageLayout.Stride(target);
        fixed (int* inBase = &inter[0])
        fixed (byte* outBase = &target.DangerousGetReference())
        {
            for (int c = 0; c < cols; c += VB.Count)
            {
                VB mask = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(VB.Count, cols - c)));
                for (int i = 0; i < target.Height; i++)
                {
                    int* p = inBase + (i * pitch) + c;
                    VB result = Pack(Vec.Load(p), Vec.Load(p + VI.Count), Vec.Load(p + (2 * VI.Count)), Vec.Load(p + (3 * VI.Count)));
                    Avx512BW.MaskStore(outBase + (i * outStride) + c, mask, result);
                }
            }
        }
    }

    /// <summary>Exactly VI.Count bytes zero-extended to int32 lanes (no read past them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Widen(ref byte p) =>
        Vec.WidenLower(Vector256.WidenLower(Vector128.LoadUnsafe(ref p).ToVector256Unsafe()).ToVector512Unsafe()).AsInt32();

    /// <summary>
    /// Vertical pass in 64-column blocks; a narrower image or a last partial block uses AVX-512BW masked loads and
    /// stores (fault-suppressing, so nothing past the row is touched) instead of 256-bit steps or overlap.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Vertical(ReadOnlySpan2D<byte> inter, int interRow0, ResizeAxis axis, int firstRow, Span2D<byte> target)
    {
        int cols = target.Width;
        ReadOnlySpan<int> kernel = axis.Kernel;
        int ksize = axis.KernelSize;
        VI half = Vec.Create(1 << (ResizeAxis.PrecisionBits - 1));
        nint inStride = ImageLayout.Stride(inter);
        nint outStride = ImageLayout.Stride(target);
        fixed (byte* inBase = &inter.DangerousGetReference())
        fixed (byte* outBase = &target.DangerousGetReference())
        {
            for (int c = 0; c < cols; c += VB.Count)
            {
                int n = Math.Min(VB.Count, cols - c);
                VB mask = Vec.LessThan(VB.Indices, Vec.Create((byte)n));
                for (int i = 0; i < target.Height; i++)
                {
                    int yy = firstRow + i;
                    byte* rowIn = inBase + ((axis.First[yy] - interRow0) * inStride) + c;
                    ReadOnlySpan<int> k = kernel.Slice(yy * ksize, axis.Count[yy]);
                    VI a0 = half, a1 = half, a2 = half, a3 = half;
                    for (int t = 0; t < k.Length; t++)
                    {
                        VB v = n == VB.Count ? Vec.Load(rowIn + (t * inStride)) : Avx512BW.MaskLoad(rowIn + (t * inStride), mask, VB.Zero);
                        VI kt = Vec.Create(k[t]);
                        (var lo, var hi) = Vec.Widen(v);
                        (var l0, var l1) = Vec.Widen(lo);
                        (var h0, var h1) = Vec.Widen(hi);
                        a0 += l0.AsInt32() * kt;
                        a1 += l1.AsInt32() * kt;
                        a2 += h0.AsInt32() * kt;
                        a3 += h1.AsInt32() * kt;
                    }

                    VB result = Clip8(a0, a1, a2, a3);
                    byte* rowOut = outBase + (i * outStride) + c;
                    if (n == VB.Count)
                    {
                        result.Store(rowOut);
                    }
                    else
                    {
                        Avx512BW.MaskStore(rowOut, mask, result);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Pillow's clip8 of 64 sums (columns 0-15 in a, ..., 48-63 in d) as bytes in column order. The saturating packs
    /// are the clamp: a shifted sum saturates to int16 with its sign kept, then to [0, 255]. They work within 128-bit
    /// lanes, leaving the dword of columns 16g + 4L .. 16g + 4L + 3 at position 4L + g, which one dword permute puts
    /// back; multi-uop vpmovdw/vpmovwb narrows and the min/max clamp cost several times as many shuffles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VB Clip8(VI a, VI b, VI c, VI d) => Pack(
        Vec.ShiftRightArithmetic(a, ResizeAxis.PrecisionBits),
        Vec.ShiftRightArithmetic(b, ResizeAxis.PrecisionBits),
        Vec.ShiftRightArithmetic(c, ResizeAxis.PrecisionBits),
        Vec.ShiftRightArithmetic(d, ResizeAxis.PrecisionBits));

    /// <summary>Int32 lanes (columns 0-15 in a, ..., 48-63 in d) saturated to bytes, in column order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VB Pack(VI a, VI b, VI c, VI d)
    {
        VB lanes = Avx512BW.PackUnsignedSaturate(Avx512BW.PackSignedSaturate(a, b), Avx512BW.PackSignedSaturate(c, d));
        return Avx512F.PermuteVar16x32(lanes.AsInt32(), Vec.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15)).AsByte();
    }
}
