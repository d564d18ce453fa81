using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector256;
using VU = System.Runtime.Intrinsics.Vector256<uint>;

namespace Hpc.Simd.Filters;

/// <summary>
/// AVX2 twin of <see cref="BoxBlurRowsVector512"/>: the three horizontal passes for box radius 0 fused per row on
/// rows of 16-64 pixels, the row widened once into ceil(w/8) 8-lane registers that stay there for all three passes.
/// AVX2 has no two-register dword permute, so a neighbour across a register boundary comes from one vperm2i128 of
/// the pair (shared by both registers of the boundary) and one vpalignr per register; only the first register's
/// left and the last register's right neighbours use a one-register vpermd whose indices clamp at the row ends
/// (Pillow's edge replication). The register count is a JIT-time constant, so the last register, which holds pixel
/// w - 1, is always the clamped one. Every pass result is already in [0, 255] (what Pillow stores between passes);
/// lanes past the row end compute garbage from in-range values and are never read by the column kernel.
/// The pass itself is the <see cref="IBoxPass"/> operator, a struct type argument.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurRowsVector256
{
    public const int MinimumWidth = 16;

    public const int MaximumWidth = 64;

    /// <summary>Row pitch of the output plane: each row is written as one or two full 32-byte stores.</summary>
    public const int OutputPitch = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TPass>(ref byte input, nint inPitch, ref byte output, int w, int h, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
    {
        switch ((w + 7) >> 3)
        {
            case 2:
                Run<TPass, Two>(ref input, inPitch, ref output, w, h, weights);
                break;
            case 3:
                Run<TPass, Three>(ref input, inPitch, ref output, w, h, weights);
                break;
            case 4:
                Run<TPass, Four>(ref input, inPitch, ref output, w, h, weights);
                break;
            case 5:
                Run<TPass, Five>(ref input, inPitch, ref output, w, h, weights);
                break;
            case 6:
                Run<TPass, Six>(ref input, inPitch, ref output, w, h, weights);
                break;
            case 7:
                Run<TPass, Seven>(ref input, inPitch, ref output, w, h, weights);
                break;
            default:
                Run<TPass, Eight>(ref input, inPitch, ref output, w, h, weights);
                break;
        }
    }

    // TCount is the register count ceil(w / 8); it folds to a constant, so every `n > k` test and every choice of the
    // clamped last register is decided at JIT time. Must not call non-inlined methods: a call makes the JIT spill
    // every vector constant.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TPass, TCount>(ref byte input, nint inPitch, ref byte output, int w, int h, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
        where TCount : struct
    {
        int n = Count<TCount>();
        (uint first, uint second) = TPass.Constants(weights);
        VU k0 = Vec.Create(first), k1 = Vec.Create(second), bias = Vec.Create(TPass.Bias);
        VU iota = VU.Indices;
        // Lane i of the first register: left neighbour pixel max(i - 1, 0). Lane i of the last register: right
        // neighbour min(i + 1, last lane of the row), clamped so lanes past the row end still name a real lane.
        VU firstLeft = Vec.Max(iota, VU.One) - VU.One;
        VU lastRight = Vec.Min(iota + VU.One, Vec.Create((uint)((w - 1) & 7)));
        Vector256<int> order = Vec.Create(0, 4, 1, 5, 2, 6, 3, 7);

        Span<byte> tail = stackalloc byte[MaximumWidth];
        int bytes = 8 * n;
        for (int y = 0; y < h; y++)
        {
            scoped ref byte row = ref Unsafe.Add(ref input, y * inPitch);
            if ((h - 1 - y) * inPitch + w < bytes)
            {
                // The last rows of a tight image: the last 8-byte load would leave the source. A byte loop rather
                // than a memcpy call, because any call in this loop makes the JIT spill every vector constant.
                for (int x = 0; x < w; x++)
                {
                    tail[x] = Unsafe.Add(ref row, x);
                }

                row = ref tail[0];
            }

            VU c0 = Load(ref row, 0), c1 = Load(ref row, 8);
            VU c2 = n > 2 ? Load(ref row, 16) : default, c3 = n > 3 ? Load(ref row, 24) : default;
            VU c4 = n > 4 ? Load(ref row, 32) : default, c5 = n > 5 ? Load(ref row, 40) : default;
            VU c6 = n > 6 ? Load(ref row, 48) : default, c7 = n > 7 ? Load(ref row, 56) : default;
            if (TPass.Bias != 0)
            {
                // Registers past the row get the bias too; their bytes land past w, which nothing reads.
                (c0, c1, c2, c3, c4, c5, c6, c7) = (c0 + bias, c1 + bias, c2 + bias, c3 + bias, c4 + bias, c5 + bias, c6 + bias, c7 + bias);
            }

            for (int pass = 0; pass < BoxBlurWeights.Passes; pass++)
            {
                // Interleaved so that each register dies as soon as its successor's boundary pair is built: with
                // eight row registers and five constants live, any other order spills.
                VU t1 = Pair(c0, c1);
                VU n0 = TPass.Apply(Avx2.PermuteVar8x32(c0, firstLeft), c0, Right(c0, t1), k0, k1);
                VU t2 = n > 2 ? Pair(c1, c2) : default;
                VU n1 = TPass.Apply(Left(t1, c1), c1, n == 2 ? Avx2.PermuteVar8x32(c1, lastRight) : Right(c1, t2), k0, k1);
                VU n2 = default, n3 = default, n4 = default, n5 = default, n6 = default, n7 = default;
                if (n > 2)
                {
                    VU t3 = n > 3 ? Pair(c2, c3) : default;
                    n2 = TPass.Apply(Left(t2, c2), c2, n == 3 ? Avx2.PermuteVar8x32(c2, lastRight) : Right(c2, t3), k0, k1);
                    if (n > 3)
                    {
                        VU t4 = n > 4 ? Pair(c3, c4) : default;
                        n3 = TPass.Apply(Left(t3, c3), c3, n == 4 ? Avx2.PermuteVar8x32(c3, lastRight) : Right(c3, t4), k0, k1);
                        if (n > 4)
                        {
                            VU t5 = n > 5 ? Pair(c4, c5) : default;
                            n4 = TPass.Apply(Left(t4, c4), c4, n == 5 ? Avx2.PermuteVar8x32(c4, lastRight) : Right(c4, t5), k0, k1);
                            if (n > 5)
                            {
                                VU t6 = n > 6 ? Pair(c5, c6) : default;
                                n5 = TPass.Apply(Left(t5, c5), c5, n == 6 ? Avx2.PermuteVar8x32(c5, lastRight) : Right(c5, t6), k0, k1);
                                if (n > 6)
                                {
                                    VU t7 = n > 7 ? Pair(c6, c7) : default;
                                    n6 = TPass.Apply(Left(t6, c6), c6, n == 7 ? Avx2.PermuteVar8x32(c6, lastRight) : Right(c6, t7), k0, k1);
                                    if (n > 7)
                                    {
                                        n7 = TPass.Apply(Left(t7, c7), c7, Avx2.PermuteVar8x32(c7, lastRight), k0, k1);
                                    }
                                }
                            }
                        }
                    }
                }

                c0 = n0;
                c1 = n1;
                c2 = n2;
                c3 = n3;
                c4 = n4;
                c5 = n5;
                c6 = n6;
                c7 = n7;
            }

            if (TPass.Bias != 0)
            {
                (c0, c1, c2, c3, c4, c5, c6, c7) = (c0 - bias, c1 - bias, c2 - bias, c3 - bias, c4 - bias, c5 - bias, c6 - bias, c7 - bias);
            }

            // Registers past the row are garbage; they only fill output bytes past w, which nothing reads.
            ref byte target = ref Unsafe.Add(ref output, y * OutputPitch);
            Pack(c0, c1, c2, c3, order).StoreUnsafe(ref target);
            if (n > 4)
            {
                Pack(c4, c5, c6, c7, order).StoreUnsafe(ref target, 32);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Count<TCount>()
        where TCount : struct =>
        typeof(TCount) == typeof(Two) ? 2 :
        typeof(TCount) == typeof(Three) ? 3 :
        typeof(TCount) == typeof(Four) ? 4 :
        typeof(TCount) == typeof(Five) ? 5 :
        typeof(TCount) == typeof(Six) ? 6 :
        typeof(TCount) == typeof(Seven) ? 7 : 8;

    /// <summary>The 128-bit halves straddling the boundary of two registers: (a.upper, b.lower).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VU Pair(VU a, VU b) => Avx2.Permute2x128(a, b, 0x21);

    /// <summary>Lane i: pixel i - 1 of register c, whose lane -1 is the previous register's lane 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VU Left(VU pair, VU c) => Avx2.AlignRight(c.AsByte(), pair.AsByte(), 12).AsUInt32();

    /// <summary>Lane i: pixel i + 1 of register c, whose lane 8 is the next register's lane 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VU Right(VU c, VU pair) => Avx2.AlignRight(pair.AsByte(), c.AsByte(), 4).AsUInt32();

    /// <summary>32 pixels from four registers of values in [0, 255]; vpack* interleave 128-bit lanes, vpermd undoes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Pack(VU a, VU b, VU c, VU d, Vector256<int> order)
    {
        Vector256<ushort> low = Avx2.PackUnsignedSaturate(a.AsInt32(), b.AsInt32());
        Vector256<ushort> high = Avx2.PackUnsignedSaturate(c.AsInt32(), d.AsInt32());
        Vector256<byte> packed = Avx2.PackUnsignedSaturate(low.AsInt16(), high.AsInt16());
        return Avx2.PermuteVar8x32(packed.AsInt32(), order).AsByte();
    }

    /// <summary>Exactly 8 bytes zero-extended to 32-bit lanes (no read past them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VU Load(ref byte row, int x) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref row, x))).AsByte()).AsUInt32();

    private struct Two;

    private struct Three;

    private struct Four;

    private struct Five;

    private struct Six;

    private struct Seven;

    private struct Eight;
}
