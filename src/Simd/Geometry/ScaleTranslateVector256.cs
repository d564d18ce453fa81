using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector256;
using VB = System.Runtime.Intrinsics.Vector256<byte>;
using VI = System.Runtime.Intrinsics.Vector256<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Bicubic resize passes, 256-bit. The vertical passes share one weight per source row across the whole output row,
/// so they run across columns in int32 lanes (the same wrapping int32 sums as Pillow), over bytes or over the int32
/// rows of <see cref="Horizontal"/>. The horizontal pass has a different window per output pixel; it transposes
/// eight source rows so that lanes are rows and every weight is a broadcast (layouts cached per thread, see
/// <see cref="ResizeGroupLayout{TGroup}"/>). Integer sums in any order are identical, so all paths match.
/// </summary>
internal static class ScaleTranslateVector256
{
    /// <summary>Source rows handled per step of <see cref="Horizontal"/>: one int32 lane each.</summary>
    private const int Rows = 8;

    /// <summary>Source columns transposed per step: one 16-byte load per row.</summary>
    private const int Block = 16;

    /// <summary>Layouts built on this thread so far: the cache test checks a policy's size range stops rebuilding.</summary>
    internal static int Rebuilds => ResizeTableCache<ResizeGroupLayout<Int8>>.Rebuilds;

    /// <summary>Builds this thread's layout for (axis, first column, width) if it is not cached (tests).</summary>
    internal static void Warm(ResizeAxis axis, int firstColumn, int cols) => ResizeTableCache<ResizeGroupLayout<Int8>>.Get(axis, firstColumn, cols);

    /// <summary>
    /// True when <see cref="Horizontal"/> can run: whole 16-byte blocks inside a source row and whole 8-column groups
    /// of output. Narrower images take the 128-bit byte pass.
    /// </summary>
    public static bool Applies(ReadOnlySpan2D<byte> src, int cols) =>
        src.Width >= Block && cols >= VI.Count && ImageLayout.OffsetsFitInt32(src);

    /// <summary>
    /// The horizontal pass into int32 rows of <paramref name="pitch"/> lanes (at least <paramref name="cols"/>,
    /// a multiple of 8), one row per source row: Pillow's clip8 values, already widened for the vertical pass.
    /// <para>
    /// Eight source rows at a time are transposed into int32 column vectors (lane = row), so output column c is
    /// sum over taps t of weight[c][t] * column[first[c] + t] with a broadcast weight: no per-column weight layout,
    /// no gather, no lane sum, and the cost per tap is the same for any scale. Eight such output columns are
    /// transposed back into rows. Integer sums in any order are identical (mod 2^32, like Pillow's accumulator).
    /// </para>
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Horizontal(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, int cols, Span<int> inter, int pitch)
    {
        int rows = src.Height;
        ResizeGroupLayout<Int8> layout = ResizeTableCache<ResizeGroupLayout<Int8>>.Get(axis, firstColumn, cols);
        int taps = layout.Taps, groups = layout.Groups, groupInts = VI.Count * (1 + taps);

        // The transposed range is widened to at least one block inside the row so that every block is a whole
        // 16-byte load (the last one overlaps); the taps-wide margin past it is read only against zero weights.
        int start = Math.Min(layout.Lo, src.Width - Block);
        int end = Math.Max(layout.Hi, start + Block);
        Span<int> columns = Scratch.Ints2((end - start + taps) * Rows);
        nint srcStride = ImageLayout.Stride(src);
        VI half = Vec.Create(1 << (ResizeAxis.PrecisionBits - 1));
        nint* rowAt = stackalloc nint[Rows];
        fixed (byte* srcBase = &src.DangerousGetReference())
        fixed (int* tableBase = &layout.Table[0])
        fixed (int* transposed = &columns[0])
        fixed (int* outBase = &inter[0])
        {
            // A short last group repeats its last row in the lanes past the image; only its real rows are stored.
            for (int r = 0; r < rows; r += Rows)
            {
                byte* row0 = srcBase + (r * srcStride);
                for (int i = 0; i < Rows; i++)
                {
                    rowAt[i] = (Math.Min(r + i, rows - 1) - r) * srcStride;
                }

                for (int x = start; ; x += Block)
                {
                    x = Math.Min(x, end - Block);
                    TransposeBlock(row0 + x, rowAt, transposed + ((x - start) * Rows));
                    if (x == end - Block)
                    {
                        break;
                    }
                }

                int* c0 = transposed - (start * Rows);
                for (int g = 0; g < groups; g++)
                {
                    int c = Math.Min(g * VI.Count, cols - VI.Count);
                    Group(c0, tableBase + (g * groupInts), taps, half, out VI p0, out VI p1, out VI p2, out VI p3, out VI p4, out VI p5, out VI p6, out VI p7);
                    TransposeStore(p0, p1, p2, p3, p4, p5, p6, p7, outBase + (r * pitch) + c, pitch, Math.Min(Rows, rows - r));
                }
            }
        }
    }

    /// <summary>
    /// Eight output columns of the eight rows: Pillow's sums over the taps of their windows (the weights past a
    /// window's own count are zero), then clip8. One loop for all eight keeps eight independent accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Group(int* columns, int* entry, int taps, VI half, out VI p0, out VI p1, out VI p2, out VI p3, out VI p4, out VI p5, out VI p6, out VI p7)
    {
        nint o0 = entry[0], o1 = entry[1], o2 = entry[2], o3 = entry[3], o4 = entry[4], o5 = entry[5], o6 = entry[6], o7 = entry[7];
        VI a0 = half, a1 = half, a2 = half, a3 = half, a4 = half, a5 = half, a6 = half, a7 = half;
        int* w = entry + VI.Count;
        int* p = columns;
        for (int t = 0; t < taps; t++, w += VI.Count, p += Rows)
        {
            a0 += Vec.Load(p + o0) * Vec.Create(w[0]);
            a1 += Vec.Load(p + o1) * Vec.Create(w[1]);
            a2 += Vec.Load(p + o2) * Vec.Create(w[2]);
            a3 += Vec.Load(p + o3) * Vec.Create(w[3]);
            a4 += Vec.Load(p + o4) * Vec.Create(w[4]);
            a5 += Vec.Load(p + o5) * Vec.Create(w[5]);
            a6 += Vec.Load(p + o6) * Vec.Create(w[6]);
            a7 += Vec.Load(p + o7) * Vec.Create(w[7]);
        }

        p0 = Clip8(a0);
        p1 = Clip8(a1);
        p2 = Clip8(a2);
        p3 = Clip8(a3);
        p4 = Clip8(a4);
        p5 = Clip8(a5);
        p6 = Clip8(a6);
        p7 = Clip8(a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Clip8(VI sum) =>
        Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(sum, ResizeAxis.PrecisionBits), VI.Zero), Vec.Create(255));

    /// <summary>
    /// Source columns x..x+15 of eight rows as int32 column vectors (lane i = row i) at
    /// <paramref name="target"/>: three rounds of byte/word/dword unpacks, then a widening per column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransposeBlock(byte* at, nint* rowAt, int* target)
    {
        Vector128<byte> r0 = Vector128.Load(at + rowAt[0]), r1 = Vector128.Load(at + rowAt[1]);
        Vector128<byte> r2 = Vector128.Load(at + rowAt[2]), r3 = Vector128.Load(at + rowAt[3]);
        Vector128<byte> r4 = Vector128.Load(at + rowAt[4]), r5 = Vector128.Load(at + rowAt[5]);
        Vector128<byte> r6 = Vector128.Load(at + rowAt[6]), r7 = Vector128.Load(at + rowAt[7]);

        // Byte pairs of rows (0,1) (2,3) (4,5) (6,7) per column; then four rows per column; then eight.
        Vector128<ushort> a0 = Sse2.UnpackLow(r0, r1).AsUInt16(), a1 = Sse2.UnpackHigh(r0, r1).AsUInt16();
        Vector128<ushort> a2 = Sse2.UnpackLow(r2, r3).AsUInt16(), a3 = Sse2.UnpackHigh(r2, r3).AsUInt16();
        Vector128<ushort> a4 = Sse2.UnpackLow(r4, r5).AsUInt16(), a5 = Sse2.UnpackHigh(r4, r5).AsUInt16();
        Vector128<ushort> a6 = Sse2.UnpackLow(r6, r7).AsUInt16(), a7 = Sse2.UnpackHigh(r6, r7).AsUInt16();
        Vector128<uint> b0 = Sse2.UnpackLow(a0, a2).AsUInt32(), b1 = Sse2.UnpackHigh(a0, a2).AsUInt32();
        Vector128<uint> b2 = Sse2.UnpackLow(a1, a3).AsUInt32(), b3 = Sse2.UnpackHigh(a1, a3).AsUInt32();
        Vector128<uint> b4 = Sse2.UnpackLow(a4, a6).AsUInt32(), b5 = Sse2.UnpackHigh(a4, a6).AsUInt32();
        Vector128<uint> b6 = Sse2.UnpackLow(a5, a7).AsUInt32(), b7 = Sse2.UnpackHigh(a5, a7).AsUInt32();
        Widen(Sse2.UnpackLow(b0, b4).AsByte(), target);
        Widen(Sse2.UnpackHigh(b0, b4).AsByte(), target + (2 * Rows));
        Widen(Sse2.UnpackLow(b1, b5).AsByte(), target + (4 * Rows));
        Widen(Sse2.UnpackHigh(b1, b5).AsByte(), target + (6 * Rows));
        Widen(Sse2.UnpackLow(b2, b6).AsByte(), target + (8 * Rows));
        Widen(Sse2.UnpackHigh(b2, b6).AsByte(), target + (10 * Rows));
        Widen(Sse2.UnpackLow(b3, b7).AsByte(), target + (12 * Rows));
        Widen(Sse2.UnpackHigh(b3, b7).AsByte(), target + (14 * Rows));
    }

    /// <summary>Two transposed columns (eight bytes each) as two int32 column vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Widen(Vector128<byte> pair, int* target)
    {
        Avx2.ConvertToVector256Int32(pair).Store(target);
        Avx2.ConvertToVector256Int32(Sse2.UnpackHigh(pair.AsUInt64(), pair.AsUInt64()).AsByte()).Store(target + Rows);
    }

    /// <summary>Eight column vectors (lane = row) stored as the first <paramref name="rows"/> of eight int32 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransposeStore(VI p0, VI p1, VI p2, VI p3, VI p4, VI p5, VI p6, VI p7, int* o, int pitch, int rows)
    {
        Vector256<long> t0 = Avx2.UnpackLow(p0, p1).AsInt64(), t1 = Avx2.UnpackHigh(p0, p1).AsInt64();
        Vector256<long> t2 = Avx2.UnpackLow(p2, p3).AsInt64(), t3 = Avx2.UnpackHigh(p2, p3).AsInt64();
        Vector256<long> t4 = Avx2.UnpackLow(p4, p5).AsInt64(), t5 = Avx2.UnpackHigh(p4, p5).AsInt64();
        Vector256<long> t6 = Avx2.UnpackLow(p6, p7).AsInt64(), t7 = Avx2.UnpackHigh(p6, p7).AsInt64();
        // u0: rows 0 and 4 of columns 0-3 (one per 128-bit lane), u1: rows 1 and 5, u2: rows 2 and 6, u3: 3 and 7.
        VI u0 = Avx2.UnpackLow(t0, t2).AsInt32(), u1 = Avx2.UnpackHigh(t0, t2).AsInt32();
        VI u2 = Avx2.UnpackLow(t1, t3).AsInt32(), u3 = Avx2.UnpackHigh(t1, t3).AsInt32();
        VI v0 = Avx2.UnpackLow(t4, t6).AsInt32(), v1 = Avx2.UnpackHigh(t4, t6).AsInt32();
        VI v2 = Avx2.UnpackLow(t5, t7).AsInt32(), v3 = Avx2.UnpackHigh(t5, t7).AsInt32();
        if (rows == Rows)
        {
            Avx2.Permute2x128(u0, v0, 0x20).Store(o);
            Avx2.Permute2x128(u1, v1, 0x20).Store(o + pitch);
            Avx2.Permute2x128(u2, v2, 0x20).Store(o + (2 * pitch));
            Avx2.Permute2x128(u3, v3, 0x20).Store(o + (3 * pitch));
            Avx2.Permute2x128(u0, v0, 0x31).Store(o + (4 * pitch));
            Avx2.Permute2x128(u1, v1, 0x31).Store(o + (5 * pitch));
            Avx2.Permute2x128(u2, v2, 0x31).Store(o + (6 * pitch));
            Avx2.Permute2x128(u3, v3, 0x31).Store(o + (7 * pitch));
            return;
        }

        // The last group of a height that is not a multiple of eight: its lanes past the image repeat the last row.
        Span<VI> all =
        [
            Avx2.Permute2x128(u0, v0, 0x20), Avx2.Permute2x128(u1, v1, 0x20), Avx2.Permute2x128(u2, v2, 0x20), Avx2.Permute2x128(u3, v3, 0x20),
            Avx2.Permute2x128(u0, v0, 0x31), Avx2.Permute2x128(u1, v1, 0x31), Avx2.Permute2x128(u2, v2, 0x31), Avx2.Permute2x128(u3, v3, 0x31),
        ];
        for (int i = 0; i < rows; i++)
        {
            all[i].Store(o + (i * pitch));
        }
    }

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

    /// <summary>
    /// The vertical pass over <see cref="Horizontal"/>'s int32 rows: no widening per tap, 32 columns per step, the
    /// rest in one more step of four clamped 8-column parts.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Vertical(ReadOnlySpan<int> inter, int pitch, int interRow0, ResizeAxis axis, int firstRow, Span2D<byte> target)
    {
        int cols = target.Width;
        ReadOnlySpan<int> kernel = axis.Kernel;
        int ksize = axis.KernelSize;
        VI half = Vec.Create(1 << (ResizeAxis.PrecisionBits - 1));
        VI max = Vec.Create(255);
        nint outStride = ImageLayout.Stride(target);
        fixed (int* inBase = &inter[0])
        fixed (int* kBase = &kernel[0])
        fixed (byte* outBase = &target.DangerousGetReference())
        {
            for (int i = 0; i < target.Height; i++)
            {
                int yy = firstRow + i;
                int* rowIn = inBase + ((axis.First[yy] - interRow0) * pitch);
                int* k = kBase + (yy * ksize);
                int taps = axis.Count[yy];
                byte* rowOut = outBase + (i * outStride);
                int c = 0;
                for (; c <= cols - VB.Count; c += VB.Count)
                {
                    int* p = rowIn + c;
                    VI a0 = half, a1 = half, a2 = half, a3 = half;
                    for (int t = 0; t < taps; t++, p += pitch)
                    {
                        VI kt = Vec.Create(k[t]);
                        a0 += Vec.Load(p) * kt;
                        a1 += Vec.Load(p + VI.Count) * kt;
                        a2 += Vec.Load(p + (2 * VI.Count)) * kt;
                        a3 += Vec.Load(p + (3 * VI.Count)) * kt;
                    }

                    Pack(Clip(a0, max), Clip(a1, max), Clip(a2, max), Clip(a3, max)).Store(rowOut + c);
                }

                if (c < cols)
                {
                    // The rest (1-31 columns) as four 8-column parts in one tap loop, each clamped to the last eight
                    // columns (cols is at least eight): parts overlap and rewrite identical values.
                    int q0 = Math.Min(c, cols - VI.Count), q1 = Math.Min(c + VI.Count, cols - VI.Count);
                    int q2 = Math.Min(c + (2 * VI.Count), cols - VI.Count), q3 = Math.Min(c + (3 * VI.Count), cols - VI.Count);
                    int* p = rowIn;
                    VI a0 = half, a1 = half, a2 = half, a3 = half;
                    for (int t = 0; t < taps; t++, p += pitch)
                    {
                        VI kt = Vec.Create(k[t]);
                        a0 += Vec.Load(p + q0) * kt;
                        a1 += Vec.Load(p + q1) * kt;
                        a2 += Vec.Load(p + q2) * kt;
                        a3 += Vec.Load(p + q3) * kt;
                    }

                    StoreEight(Clip(a0, max), rowOut + q0);
                    StoreEight(Clip(a1, max), rowOut + q1);
                    StoreEight(Clip(a2, max), rowOut + q2);
                    StoreEight(Clip(a3, max), rowOut + q3);
                }
            }
        }
    }

    /// <summary>The int32 rows of <see cref="Horizontal"/> as bytes, when no vertical pass follows.</summary>
    [SkipLocalsInit]
    public static unsafe void Narrow(ReadOnlySpan<int> inter, int pitch, Span2D<byte> target)
    {
        int cols = target.Width;
        nint outStride = ImageLayout.Stride(target);
        fixed (int* inBase = &inter[0])
        fixed (byte* outBase = &target.DangerousGetReference())
        {
            for (int i = 0; i < target.Height; i++)
            {
                // Eight columns per step, the last one overlapping; values are already in [0, 255].
                for (int c = 0; ; c += VI.Count)
                {
                    c = Math.Min(c, cols - VI.Count);
                    StoreEight(Vec.Load(inBase + (i * pitch) + c), outBase + (i * outStride) + c);
                    if (c == cols - VI.Count)
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>32 values in [0, 255] as bytes in order; vpack* interleave 128-bit lanes, vpermd undoes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VB Pack(VI a, VI b, VI c, VI d)
    {
        Vector256<short> low = Avx2.PackSignedSaturate(a, b);
        Vector256<short> high = Avx2.PackSignedSaturate(c, d);
        Vector256<byte> packed = Avx2.PackUnsignedSaturate(low, high);
        return Avx2.PermuteVar8x32(packed.AsInt32(), Vec.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsByte();
    }

    /// <summary>Eight values in [0, 255] stored as eight bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreEight(VI values, byte* target)
    {
        Vector128<short> words = Sse2.PackSignedSaturate(values.GetLower(), values.GetUpper());
        Sse2.StoreScalar((long*)target, Sse2.PackUnsignedSaturate(words, words).AsInt64());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Clip(VI sum, VI max) =>
        Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(sum, ResizeAxis.PrecisionBits), VI.Zero), max);
}
