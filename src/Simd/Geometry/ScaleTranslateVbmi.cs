using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VI = System.Runtime.Intrinsics.Vector512<int>;
using VS = System.Runtime.Intrinsics.Vector512<short>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The horizontal bicubic pass with AVX-512 VBMI for source rows of at most 128 bytes. Taps are taken in pairs: one
/// byte permute of the row (<c>vpermb</c> for rows of at most 64 pixels, <c>vpermi2b</c> over two registers for
/// wider ones) places source pixels first[c] + t and first[c] + t + 1 of 16 output columns as the two 16-bit halves
/// of each int32 lane, so <c>vpmaddwd</c> multiplies and sums both taps at once. Pillow's 22-bit weights do not fit
/// 16 bits, so each is split exactly as hi * 2048 + lo and the two sums are recombined: the same int32 sums as
/// Pillow's loop (mod 2^32, like its own accumulator), so bit-identical. The per-column tables depend only on the
/// axis sizes and the pasted column range, so up to 128 are kept per thread (see <see cref="Slot"/>) and rebuilt
/// only on a miss.
/// </summary>
internal static class ScaleTranslateVbmi
{
    private const int MaxWidth = 128;
    private const int SplitBits = 11;

    /// <summary>Tables built on this thread so far: the cache test checks a policy's size range stops rebuilding.</summary>
    internal static int Rebuilds => ResizeTableCache<Tables>.Rebuilds;

    public static bool Applies(ReadOnlySpan2D<byte> src, ResizeAxis axis) =>
        Avx512Vbmi.IsSupported && src.Width <= MaxWidth && axis.KernelSize <= 64;

    /// <summary>
    /// The horizontal pass into int32 rows of <paramref name="pitch"/> lanes (a multiple of 16, at least
    /// <paramref name="cols"/>), one row per source row: Pillow's clip8 values, already widened for the vertical
    /// pass. Lanes past <paramref name="cols"/> up to the next 16 hold duplicates of real columns.
    /// </summary>
    [SkipLocalsInit]
    public static void Horizontal(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, int cols, Span<int> inter, int pitch)
    {
        if (src.Width > VB.Count)
        {
            Horizontal<TwoRegisters>(src, axis, firstColumn, cols, inter, pitch);
        }
        else
        {
            Horizontal<OneRegister>(src, axis, firstColumn, cols, inter, pitch);
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Horizontal<TRow>(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, int cols, Span<int> inter, int pitch)
        where TRow : struct, IRowPermute
    {
        int rows = src.Height;
        int groups = (cols + VI.Count - 1) / VI.Count;
        Tables tables = ResizeTableCache<Tables>.Get(axis, firstColumn, cols);
        int pairs = tables.Pairs;

        // Rows are read in place with fault-suppressing masked loads: nothing past a row is touched, no copy.
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(src.Width, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(src.Width - VB.Count, 0)));
        bool twoRegisters = TRow.Wide;
        nint srcStride = ImageLayout.Stride(src);
        // The permutes leave a source byte in the high byte of each pixel word as well; the mask zero-extends. (A
        // blend by a compare would be the permute's own zero-masking, but the JIT hoists the compare out of the loop as
        // a vector constant and emits a vpternlogd, the same uop as this AND.)
        VI lowBytes = Vec.Create(0x00FF00FF);
        fixed (byte* srcBase = &src.DangerousGetReference())
        fixed (byte* idx = &tables.Indices[0])
        fixed (short* wts = &tables.Weights[0])
        fixed (int* outBase = &inter[0])
        {
            // Four rows share each loaded index and weight vector (the loads, not the permutes, bounded the
            // one-row loop); a short last block repeats its last row, rewriting identical values.
            for (int r = 0; r < rows; r += 4)
            {
                int r1 = Math.Min(r + 1, rows - 1), r2 = Math.Min(r + 2, rows - 1), r3 = Math.Min(r + 3, rows - 1);
                var q = new Quad(
                    Row(srcBase + (r * srcStride), maskLo, maskHi, twoRegisters, out VB hi0), hi0,
                    Row(srcBase + (r1 * srcStride), maskLo, maskHi, twoRegisters, out VB hi1), hi1,
                    Row(srcBase + (r2 * srcStride), maskLo, maskHi, twoRegisters, out VB hi2), hi2,
                    Row(srcBase + (r3 * srcStride), maskLo, maskHi, twoRegisters, out VB hi3), hi3);
                int* o0 = outBase + (r * pitch), o1 = outBase + (r1 * pitch);
                int* o2 = outBase + (r2 * pitch), o3 = outBase + (r3 * pitch);
                for (int g = 0; g < groups; g++)
                {
                    // Table layout: per 64-column block and pair, four 16-column groups.
                    int block = g >> 2;
                    nint at = (nint)((block * pairs * 4) + (g & 3));
                    q.Group<TRow>(idx + (at * VB.Count), wts + (at * 2 * VS.Count), pairs, lowBytes,
                        out VI p0, out VI p1, out VI p2, out VI p3);
                    int c = g * VI.Count;
                    p0.Store(o0 + c);
                    p1.Store(o1 + c);
                    p2.Store(o2 + c);
                    p3.Store(o3 + c);
                }
            }
        }
    }

    /// <summary>How a tap pair's pixels are looked up in a source row held in one or two registers.</summary>
    private interface IRowPermute
    {
        static abstract bool Wide { get; }

        static abstract VB Permute(VB lo, VB index, VB hi);
    }

    /// <summary>
    /// Rows of at most 64 pixels: the one-register <c>vpermb</c>, a single shuffle uop where the two-register form
    /// takes two on Intel cores (measured 1 against 2 cycles per permute on a Xeon with AVX-512 VBMI).
    /// </summary>
    private readonly struct OneRegister : IRowPermute
    {
        public static bool Wide => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static VB Permute(VB lo, VB index, VB hi) => Avx512Vbmi.PermuteVar64x8(lo, index);
    }

    /// <summary>Rows of 65 to 128 pixels: one <c>vpermi2b</c> over both registers.</summary>
    private readonly struct TwoRegisters : IRowPermute
    {
        public static bool Wide => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static VB Permute(VB lo, VB index, VB hi) => Avx512Vbmi.PermuteVar64x8x2(lo, index, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe VB Row(byte* line, VB maskLo, VB maskHi, bool twoRegisters, out VB hi)
    {
        hi = twoRegisters ? Avx512BW.MaskLoad(line + VB.Count, maskHi, VB.Zero) : VB.Zero;
        return Avx512BW.MaskLoad(line, maskLo, VB.Zero);
    }

    /// <summary>Builds this thread's tables for (axis, first column, width) if they are not cached (tests).</summary>
    internal static void Warm(ResizeAxis axis, int firstColumn, int cols) => ResizeTableCache<Tables>.Get(axis, firstColumn, cols);

    /// <summary>
    /// Four source rows in registers. <see cref="Group"/> makes 16 output columns of each: for every tap pair the
    /// permuted pixel pairs times the high and the low weight halves. Tables are laid out per (block, pair) as four
    /// groups of [64 index bytes] and [32 high, 32 low weights].
    /// </summary>
    private readonly struct Quad(VB lo0, VB hi0, VB lo1, VB hi1, VB lo2, VB hi2, VB lo3, VB hi3)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public unsafe void Group<TRow>(byte* idx, short* wts, int pairs, VI lowBytes, out VI p0, out VI p1, out VI p2, out VI p3)
            where TRow : struct, IRowPermute
        {
            // The low sums start at Pillow's rounding constant, which Pixels would otherwise add.
            VI half = Vec.Create(1 << (ResizeAxis.PrecisionBits - 1));
            VI h0 = VI.Zero, h1 = VI.Zero, h2 = VI.Zero, h3 = VI.Zero;
            VI l0 = half, l1 = half, l2 = half, l3 = half;
            for (int j = 0; j < pairs; j++)
            {
                VB index = Vec.Load(idx + (j * 4 * VB.Count));
                VS wHi = Vec.Load(wts + (j * 8 * VS.Count));
                VS wLo = Vec.Load(wts + (j * 8 * VS.Count) + VS.Count);
                VS x0 = (TRow.Permute(lo0, index, hi0).AsInt32() & lowBytes).AsInt16();
                VS x1 = (TRow.Permute(lo1, index, hi1).AsInt32() & lowBytes).AsInt16();
                VS x2 = (TRow.Permute(lo2, index, hi2).AsInt32() & lowBytes).AsInt16();
                VS x3 = (TRow.Permute(lo3, index, hi3).AsInt32() & lowBytes).AsInt16();
                h0 += Avx512BW.MultiplyAddAdjacent(x0, wHi);
                l0 += Avx512BW.MultiplyAddAdjacent(x0, wLo);
                h1 += Avx512BW.MultiplyAddAdjacent(x1, wHi);
                l1 += Avx512BW.MultiplyAddAdjacent(x1, wLo);
                h2 += Avx512BW.MultiplyAddAdjacent(x2, wHi);
                l2 += Avx512BW.MultiplyAddAdjacent(x2, wLo);
                h3 += Avx512BW.MultiplyAddAdjacent(x3, wHi);
                l3 += Avx512BW.MultiplyAddAdjacent(x3, wLo);
            }

            p0 = Pixels(h0, l0);
            p1 = Pixels(h1, l1);
            p2 = Pixels(h2, l2);
            p3 = Pixels(h3, l3);
        }

        /// <summary>Recombines the split sums (the low one already holds the rounding constant) and applies Pillow's clip8.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI Pixels(VI high, VI low)
        {
            VI sum = Vec.ShiftLeft(high, SplitBits) + low;
            return Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(sum, ResizeAxis.PrecisionBits), VI.Zero), Vec.Create(255));
        }
    }

    /// <summary>Per-thread permute indices and split weights for one (axis, first column, width).</summary>
    private sealed class Tables : ResizeTables
    {
        public byte[] Indices { get; private set; } = [];

        public short[] Weights { get; private set; } = [];

        /// <summary>
        /// Tap pairs per column: half the widest window of these columns, rounded up. Pillow's ksize also counts a
        /// tap that no window of a downscale reaches (a support of 2.03 gives ksize 7 and windows of at most 5), so
        /// sizing the loop by it ran a pair of zero weights for most of the loader's target sizes.
        /// </summary>
        public int Pairs { get; private set; }

        protected override void Build(ResizeAxis a, int first, int columns)
        {
            int ksize = a.KernelSize;
            int widest = 0;
            foreach (int n in a.Count.Slice(first, columns))
            {
                widest = Math.Max(widest, n);
            }

            int pairs = Math.Max(1, (widest + 1) / 2);
            Pairs = pairs;
            int blocks = (columns + VB.Count - 1) / VB.Count;
            int groups = blocks * pairs * 4;
            if (Indices.Length < groups * VB.Count)
            {
                Indices = new byte[groups * VB.Count];
                Weights = new short[groups * 2 * VS.Count];
            }

            ReadOnlySpan<int> kernel = a.Kernel;
            for (int b = 0; b < blocks; b++)
            {
                for (int j = 0; j < pairs; j++)
                {
                    for (int g = 0; g < 4; g++)
                    {
                        int at = (((b * pairs) + j) * 4) + g;
                        Span<byte> index = Indices.AsSpan(at * VB.Count, VB.Count);
                        Span<short> weights = Weights.AsSpan(at * 2 * VS.Count, 2 * VS.Count);
                        for (int lane = 0; lane < VI.Count; lane++)
                        {
                            int c = Math.Min((b * VB.Count) + (g * VI.Count) + lane, columns - 1);
                            int xx = first + c;
                            int start = a.First[xx];
                            int count = a.Count[xx];
                            for (int h = 0; h < 2; h++)
                            {
                                int t = (2 * j) + h;
                                int k = t < count ? kernel[(xx * ksize) + t] : 0;
                                index[(4 * lane) + (2 * h)] = (byte)(t < count ? start + t : start);
                                index[(4 * lane) + (2 * h) + 1] = 0;
                                weights[(2 * lane) + h] = (short)(k >> SplitBits);
                                weights[VS.Count + (2 * lane) + h] = (short)(k & ((1 << SplitBits) - 1));
                            }
                        }
                    }
                }
            }
        }
    }
}
