using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// The three horizontal passes for box radius 0 (Gaussian radius below ~1.4, the augmentation range) fused per row
/// on rows of 16-64 pixels: a row is widened once into up to four 16-lane registers and stays there for all three
/// passes. The neighbours come from two-register permutes whose indices clamp at the row ends, which is exactly
/// Pillow's edge replication, so no padded scratch row or edge copy is needed. Every pass result is already rounded
/// to [0, 255] (what Pillow stores between passes), so keeping it in 32-bit lanes changes nothing. Lanes past the
/// row end compute garbage from in-range values and are never read back.
/// The rows are handed to <see cref="BoxBlurColumnsVector512"/> as they stand in the registers, 32-bit lanes in the
/// pass's encoding: packing them to bytes here and widening them again there cost four shuffles per row and two
/// operations per 16 pixels of every row there, for 16 KiB of scratch instead of 4 at 64x64 (both in L1).
/// The pass itself is the <see cref="IBoxPass"/> operator, a struct type argument. Rows of exactly 64 pixels are
/// held and stored by phase instead (see <see cref="RunPhases{TPass}"/>); the caller restores pixel order after the
/// columns with <see cref="Interleave"/>.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurRowsVector512
{
    public const int MinimumWidth = 16;

    public const int MaximumWidth = 64;

    /// <summary>Row pitch of the output plane in 32-bit lanes: each row is four full 16-lane stores.</summary>
    public const int OutputPitch = 64;

    /// <summary>
    /// Whether <see cref="Run{TPass}"/> stores rows of this width by phase (<see cref="RunPhases{TPass}"/>), so that the
    /// column kernel's output needs <see cref="Interleave"/>.
    /// </summary>
    public static bool StoresByPhase(int w) => w == MaximumWidth;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TPass>(ref byte input, nint inPitch, ref uint output, int w, int h, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
    {
        if (StoresByPhase(w))
        {
            RunPhases<TPass>(ref input, inPitch, ref output, h, weights);
        }
        else if (w <= 32)
        {
            Run<TPass, Two>(ref input, inPitch, ref output, w, h, weights);
        }
        else
        {
            Run<TPass, Four>(ref input, inPitch, ref output, w, h, weights);
        }
    }

    // TChunks picks two or four 16-pixel registers per row at JIT time; the other branch is dead code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TPass, TChunks>(ref byte input, nint inPitch, ref uint output, int w, int h, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
        where TChunks : struct
    {
        bool four = typeof(TChunks) == typeof(Four);
        (uint first, uint second) = TPass.Constants(weights);
        Vector512<uint> k0 = Vector512.Create(first), k1 = Vector512.Create(second), bias = Vector512.Create(TPass.Bias);

        // Left neighbour of lane i is pixel i - 1 (pixel 0 repeats itself); read from (previous, current) register.
        Vector512<uint> iota = Vector512<uint>.Indices;
        Vector512<uint> leftFirst = Vector512.Max(iota, Vector512<uint>.One) - Vector512<uint>.One;
        Vector512<uint> left = iota + Vector512.Create(15u);
        // Right neighbour of lane i is pixel min(i + 1, w - 1), read from (current, next) register.
        Vector512<uint> right0 = RightIndices(iota, w, 0), right1 = RightIndices(iota, w, 1);
        Vector512<uint> right2 = four ? RightIndices(iota, w, 2) : default, right3 = four ? RightIndices(iota, w, 3) : default;

        Span<byte> tail = stackalloc byte[MaximumWidth];
        int bytes = four ? 64 : 32;
        for (int y = 0; y < h; y++)
        {
            scoped ref byte row = ref Unsafe.Add(ref input, y * inPitch);
            if ((h - 1 - y) * inPitch + w < bytes)
            {
                // The last rows of a tight image: a full-width load would leave the source. A byte loop rather
                // than a memcpy call, because any call in this loop makes the JIT spill every vector constant.
                for (int x = 0; x < w; x++)
                {
                    tail[x] = Unsafe.Add(ref row, x);
                }

                row = ref tail[0];
            }

            Vector512<uint> c0 = Load(ref row, 0), c1 = Load(ref row, 16);
            Vector512<uint> c2 = four ? Load(ref row, 32) : default, c3 = four ? Load(ref row, 48) : default;
            if (TPass.Bias != 0)
            {
                (c0, c1, c2, c3) = (c0 + bias, c1 + bias, c2 + bias, c3 + bias);
            }

            for (int pass = 0; pass < BoxBlurWeights.Passes; pass++)
            {
                Vector512<uint> n0 = TPass.Apply(Avx512F.PermuteVar16x32x2(c0, leftFirst, c0), c0, Avx512F.PermuteVar16x32x2(c0, right0, c1), k0, k1);
                Vector512<uint> n1 = TPass.Apply(Avx512F.PermuteVar16x32x2(c0, left, c1), c1, Avx512F.PermuteVar16x32x2(c1, right1, four ? c2 : c1), k0, k1);
                if (four)
                {
                    Vector512<uint> n2 = TPass.Apply(Avx512F.PermuteVar16x32x2(c1, left, c2), c2, Avx512F.PermuteVar16x32x2(c2, right2, c3), k0, k1);
                    Vector512<uint> n3 = TPass.Apply(Avx512F.PermuteVar16x32x2(c2, left, c3), c3, Avx512F.PermuteVar16x32x2(c3, right3, c3), k0, k1);
                    c2 = n2;
                    c3 = n3;
                }

                c0 = n0;
                c1 = n1;
            }

            ref uint target = ref Unsafe.Add(ref output, y * OutputPitch);
            c0.StoreUnsafe(ref target);
            c1.StoreUnsafe(ref target, 16);
            if (four)
            {
                c2.StoreUnsafe(ref target, 32);
                c3.StoreUnsafe(ref target, 48);
            }
        }
    }

    /// <summary>
    /// Rows of exactly 64 pixels, held by phase: register k holds pixels 4i + k (lane i), which byte shifts of the row's
    /// dwords give without a shuffle. Then the left and right neighbours of phases 1 and 2, the left of phase 3 and the
    /// right of phase 0 are whole registers, and a pass takes two permutes (phase 0's left, phase 3's right, with
    /// Pillow's edge repeat in their indices) where consecutive pixels per register took eight. The lanes are stored
    /// in that order, register k at lanes 16k..16k + 15; <see cref="BoxBlurColumnsVector512"/> treats every lane alike,
    /// so its output rows come out in the same order, and <see cref="Interleave"/> restores pixel order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPhases<TPass>(ref byte input, nint inPitch, ref uint output, int h, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
    {
        (uint first, uint second) = TPass.Constants(weights);
        Vector512<uint> k0 = Vector512.Create(first), k1 = Vector512.Create(second);
        // The bias is ORed in: both encodings' biases have a zero low byte.
        Vector512<uint> bias = Vector512.Create(TPass.Bias), lowByte = Vector512.Create(0xFFu);
        // Phase 0's left neighbours: pixel 4i - 1 is phase 3's lane i - 1; pixel 0 repeats itself (lane 0 of the
        // second table). Phase 3's right neighbours: pixel 4i + 4 is phase 0's lane i + 1; pixel 63 repeats itself.
        Vector512<uint> left = Vector512.Create(16u, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        Vector512<uint> right = Vector512.Create(1u, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 31);
        for (int y = 0; y < h; y++)
        {
            Vector512<uint> packed = Vector512.LoadUnsafe(ref Unsafe.As<byte, uint>(ref Unsafe.Add(ref input, y * inPitch)));
            Vector512<uint> p0 = (packed & lowByte) | bias;
            Vector512<uint> p1 = ((packed >> 8) & lowByte) | bias;
            Vector512<uint> p2 = ((packed >> 16) & lowByte) | bias;
            Vector512<uint> p3 = (packed >> 24) | bias;
            // The three passes written out: as a loop, carrying four registers over its back edge cost about six
            // vector moves a pass.
            PhasePass<TPass>(ref p0, ref p1, ref p2, ref p3, left, right, k0, k1);
            PhasePass<TPass>(ref p0, ref p1, ref p2, ref p3, left, right, k0, k1);
            PhasePass<TPass>(ref p0, ref p1, ref p2, ref p3, left, right, k0, k1);

            ref uint target = ref Unsafe.Add(ref output, y * OutputPitch);
            p0.StoreUnsafe(ref target);
            p1.StoreUnsafe(ref target, 16);
            p2.StoreUnsafe(ref target, 32);
            p3.StoreUnsafe(ref target, 48);
        }
    }

    /// <summary>One pass over a row held by phase (see <see cref="RunPhases{TPass}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PhasePass<TPass>(
        ref Vector512<uint> p0, ref Vector512<uint> p1, ref Vector512<uint> p2, ref Vector512<uint> p3,
        Vector512<uint> left, Vector512<uint> right, Vector512<uint> k0, Vector512<uint> k1)
        where TPass : struct, IBoxPass
    {
        Vector512<uint> n0 = TPass.Apply(Avx512F.PermuteVar16x32x2(p3, left, p0), p0, p1, k0, k1);
        Vector512<uint> n3 = TPass.Apply(p2, p3, Avx512F.PermuteVar16x32x2(p0, right, p3), k0, k1);
        Vector512<uint> n1 = TPass.Apply(p0, p1, p2, k0, k1);
        Vector512<uint> n2 = TPass.Apply(p1, p2, p3, k0, k1);
        (p0, p1, p2, p3) = (n0, n1, n2, n3);
    }

    /// <summary>
    /// Puts rows of 64 bytes stored by phase (byte 16k + i is pixel 4i + k, see <see cref="RunPhases"/>) back in pixel
    /// order, in place: one byte permute per row with VBMI; without it a dword permute (dword 4k + m of the row holds
    /// pixels 16m + 4j + k, j &lt; 4) and a byte shuffle within each 128-bit lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Interleave(ref byte rows, nint pitch, int h)
    {
        Vector512<byte> p = Vector512<byte>.Indices;
        if (Avx512Vbmi.IsSupported)
        {
            Vector512<byte> order = ((p & Vector512.Create((byte)3)) << 4) | (p >> 2);
            for (int y = 0; y < h; y++)
            {
                ref byte row = ref Unsafe.Add(ref rows, y * pitch);
                Avx512Vbmi.PermuteVar64x8(Vector512.LoadUnsafe(ref row), order).StoreUnsafe(ref row);
            }

            return;
        }

        Vector512<uint> dwords = Vector512.Create(0u, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        // Within a 128-bit lane, byte 4j + k takes byte 4k + j.
        Vector512<byte> bytes = ((p & Vector512.Create((byte)3)) << 2) | ((p >> 2) & Vector512.Create((byte)3));
        for (int y = 0; y < h; y++)
        {
            ref byte row = ref Unsafe.Add(ref rows, y * pitch);
            Vector512<byte> gathered = Avx512F.PermuteVar16x32(Vector512.LoadUnsafe(ref row).AsUInt32(), dwords).AsByte();
            Avx512BW.Shuffle(gathered, bytes).StoreUnsafe(ref row);
        }
    }

    /// <summary>Two-register permute indices for the right neighbours of register <paramref name="chunk"/>.</summary>
    private static Vector512<uint> RightIndices(Vector512<uint> iota, int w, int chunk)
    {
        // Pixel 16*chunk + i + 1, clamped to the last pixel; clamped again into the (current, next) pair so that
        // lanes past the row end still name a real lane.
        int lastInPair = Math.Clamp(w - 1 - 16 * chunk, 0, 31);
        return Vector512.Min(iota + Vector512<uint>.One, Vector512.Create((uint)lastInPair));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Load(ref byte row, int x) => Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref row, (nuint)x));

    private struct Two;

    private struct Four;
}
