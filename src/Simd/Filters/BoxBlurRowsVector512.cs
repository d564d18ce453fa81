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
/// The pass itself is the <see cref="IBoxPass"/> operator, a struct type argument.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurRowsVector512
{
    public const int MinimumWidth = 16;

    public const int MaximumWidth = 64;

    /// <summary>Row pitch of the output plane in 32-bit lanes: each row is four full 16-lane stores.</summary>
    public const int OutputPitch = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TPass>(ref byte input, nint inPitch, ref uint output, int w, int h, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
    {
        if (w <= 32)
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
