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
/// <c>vpermi2b</c> places source pixels first[c] + t and first[c] + t + 1 of 16 output columns as the two 16-bit halves
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

    /// <summary>Tables kept per thread; the loader's scale op draws a new target size per sample from a small range.</summary>
    private const int CacheSlots = 128;

    [ThreadStatic]
    private static Tables?[]? cache;

    [ThreadStatic]
    private static int rebuilds;

    /// <summary>Tables built on this thread so far: the cache test checks a policy's size range stops rebuilding.</summary>
    internal static int Rebuilds => rebuilds;

    public static bool Applies(ReadOnlySpan2D<byte> src, ResizeAxis axis) =>
        Avx512Vbmi.IsSupported && src.Width <= MaxWidth && axis.KernelSize <= 64;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Horizontal(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, Span2D<byte> temp)
    {
        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            Horizontal(srcBase, src, axis, firstColumn, temp);
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Horizontal(byte* srcBase, ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, Span2D<byte> temp)
    {
        int cols = temp.Width;
        int blocks = (cols + VB.Count - 1) / VB.Count;
        int pairs = (axis.KernelSize + 1) / 2;
        Tables tables = Lookup(axis, firstColumn, cols);

        // Rows are read in place with fault-suppressing masked loads: nothing past a row is touched, no copy.
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(src.Width, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(src.Width - VB.Count, 0)));
        bool twoRegisters = src.Width > VB.Count;
        nint srcStride = ImageLayout.Stride(src);
        Span<byte> pixels = stackalloc byte[VB.Count];
        VI half = Vec.Create(1 << (ResizeAxis.PrecisionBits - 1));
        VI lowBytes = Vec.Create(0x00FF00FF);
        VI max = Vec.Create(255);
        ref byte idx = ref tables.Indices[0];
        ref short wts = ref tables.Weights[0];
        for (int r = 0; r < temp.Height; r++)
        {
            byte* line = srcBase + (r * srcStride);
            VB lo = Avx512BW.MaskLoad(line, maskLo, VB.Zero);
            VB hi = twoRegisters ? Avx512BW.MaskLoad(line + VB.Count, maskHi, VB.Zero) : VB.Zero;
            Span<byte> outRow = temp.GetRowSpan(r);
            for (int b = 0; b < blocks; b++)
            {
                ref byte bi = ref Unsafe.Add(ref idx, b * pairs * 4 * VB.Count);
                ref short bw = ref Unsafe.Add(ref wts, b * pairs * 8 * VS.Count);
                int c0 = b * VB.Count;
                int n = Math.Min(VB.Count, cols - c0);
                // A narrow last block skips the 16-column groups that would only feed discarded lanes.
                VI r0 = Group(lo, hi, ref bi, ref bw, pairs, lowBytes, half, max);
                VI r1 = n > VI.Count ? Group(lo, hi, ref Unsafe.Add(ref bi, VB.Count), ref Unsafe.Add(ref bw, 2 * VS.Count), pairs, lowBytes, half, max) : VI.Zero;
                VI r2 = n > 2 * VI.Count ? Group(lo, hi, ref Unsafe.Add(ref bi, 2 * VB.Count), ref Unsafe.Add(ref bw, 4 * VS.Count), pairs, lowBytes, half, max) : VI.Zero;
                VI r3 = n > 3 * VI.Count ? Group(lo, hi, ref Unsafe.Add(ref bi, 3 * VB.Count), ref Unsafe.Add(ref bw, 6 * VS.Count), pairs, lowBytes, half, max) : VI.Zero;
                VB result = Vec.Narrow(Vec.Narrow(r0, r1).AsUInt16(), Vec.Narrow(r2, r3).AsUInt16());
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

    /// <summary>
    /// This thread's tables for (axis, first column, width). Direct-mapped: a miss rebuilds that slot in place,
    /// allocation-free once grown. Plain C#, so the cache behaviour is testable on any machine.
    /// </summary>
    internal static void Warm(ResizeAxis axis, int firstColumn, int cols) => Lookup(axis, firstColumn, cols);

    private static Tables Lookup(ResizeAxis axis, int firstColumn, int cols)
    {
        cache ??= new Tables?[CacheSlots];
        Tables tables = cache[Slot(axis.InSize, axis.OutSize, firstColumn, cols)] ??= new Tables();
        if (tables.Prepare(axis, firstColumn, cols))
        {
            rebuilds++;
        }

        return tables;
    }

    /// <summary>
    /// Direct-mapped slot of a table. The usual call pastes the whole resized row (first column 0, cols = out), so
    /// for one source size consecutive target sizes get consecutive slots and a policy's whole size range fits
    /// without a conflict. (A key built from small multiples of the sizes once folded every 64-px target size onto
    /// two slots, rebuilding the tables on nearly every call of the loader's scale op.)
    /// </summary>
    internal static int Slot(int inSize, int outSize, int firstColumn, int cols) =>
        (int)((uint)(outSize + (97 * inSize) + (61 * firstColumn) + (17 * (outSize - cols))) % CacheSlots);

    /// <summary>
    /// 16 output columns: for each tap pair the permuted pixel pairs times the high and the low weight halves.
    /// Tables are laid out per (block, pair) as four groups of [64 index bytes] and [32 high, 32 low weights].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Group(VB lo, VB hi, ref byte idx, ref short wts, int pairs, VI lowBytes, VI half, VI max)
    {
        VI accHi = VI.Zero;
        VI accLo = VI.Zero;
        for (int j = 0; j < pairs; j++)
        {
            VB index = Vec.LoadUnsafe(ref idx, (nuint)(j * 4 * VB.Count));
            VS p = (Avx512Vbmi.PermuteVar64x8x2(lo, index, hi).AsInt32() & lowBytes).AsInt16();
            accHi += Avx512BW.MultiplyAddAdjacent(p, Vec.LoadUnsafe(ref wts, (nuint)(j * 8 * VS.Count)));
            accLo += Avx512BW.MultiplyAddAdjacent(p, Vec.LoadUnsafe(ref wts, (nuint)((j * 8 * VS.Count) + VS.Count)));
        }

        VI sum = Vec.ShiftLeft(accHi, SplitBits) + accLo + half;
        return Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(sum, ResizeAxis.PrecisionBits), VI.Zero), max);
    }

    /// <summary>Per-thread permute indices and split weights for one (axis, first column, width).</summary>
    private sealed class Tables
    {
        private int inSize = -1;
        private int outSize = -1;
        private int firstColumn = -1;
        private int cols = -1;

        public byte[] Indices { get; private set; } = [];

        public short[] Weights { get; private set; } = [];

        /// <summary>Makes the tables describe (a, first, columns); true if they had to be rebuilt.</summary>
        public bool Prepare(ResizeAxis a, int first, int columns)
        {
            if (a.InSize == inSize && a.OutSize == outSize && first == firstColumn && columns == cols)
            {
                return false;
            }

            int ksize = a.KernelSize;
            int pairs = (ksize + 1) / 2;
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
                                index[(4 * lane) + (2 * h) + 1] = (byte)start;
                                weights[(2 * lane) + h] = (short)(k >> SplitBits);
                                weights[VS.Count + (2 * lane) + h] = (short)(k & ((1 << SplitBits) - 1));
                            }
                        }
                    }
                }
            }

            inSize = a.InSize;
            outSize = a.OutSize;
            firstColumn = first;
            cols = columns;
            return true;
        }
    }
}
