using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// The 256- and 128-bit twin of <see cref="BoxBlurColumnsVector512"/>: the three vertical passes for box radius 0
/// fused into one walk down each block of <typeparamref name="TLanes"/>.Count columns. Every input row is widened to
/// 32-bit lanes once, the two intermediate passes stay in registers (already rounded to [0, 255], exactly what Pillow
/// stores between passes), and only the final rows are narrowed back to bytes. Rows past either edge repeat the edge
/// row of that pass's own input, as Pillow's clamped window does. Bit-identical to three separate passes.
/// The pass itself is the <see cref="IBoxPass"/> operator, the lane width a <see cref="IBoxLanes{TSelf}"/>; both are
/// struct type arguments.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlurColumns<TLanes>
    where TLanes : struct, IBoxLanes<TLanes>
{
    public static int MinimumWidth => TLanes.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TPass>(ref byte input, nint inPitch, ref byte output, nint outPitch, int w, int h, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
    {
        (uint first, uint second) = TPass.Constants(weights);
        TLanes k0 = TLanes.Create(first), k1 = TLanes.Create(second), bias = TLanes.Create(TPass.Bias);
        int last = w - MinimumWidth;
        for (int x = 0; ; x += MinimumWidth)
        {
            // The final block overlaps the previous one; output never aliases input.
            x = Math.Min(x, last);
            ref byte column = ref Unsafe.Add(ref input, x);
            ref byte target = ref Unsafe.Add(ref output, x);

            // Stage a is pass 1 over the input rows i, b is pass 2 over a, and output row y is pass 3 over b[y-1..y+1].
            // Each stage's row -1 and row h repeat its own first and last row, as Pillow's clamped window does, so
            // the prologue seeds them and the last iterations replicate instead of computing; the loop in between
            // is straight-line (a single loop with per-row stage tests ran about a third slower).
            TLanes i0 = TLanes.Load<TPass>(ref column, bias), i1 = TLanes.Load<TPass>(ref Unsafe.Add(ref column, Math.Min(1, h - 1) * inPitch), bias);
            TLanes i2 = TLanes.Load<TPass>(ref Unsafe.Add(ref column, Math.Min(2, h - 1) * inPitch), bias);
            TLanes a0 = TLanes.Apply<TPass>(i0, i0, i1, k0, k1);
            TLanes a1 = h > 1 ? TLanes.Apply<TPass>(i0, i1, i2, k0, k1) : a0;
            TLanes bPrev = TLanes.Apply<TPass>(a0, a0, a1, k0, k1), bCur = bPrev;
            ref byte next = ref Unsafe.Add(ref column, 3 * inPitch);
            ref byte row = ref target;
            for (int y = 0; y < h - 3; y++)
            {
                TLanes i3 = TLanes.Load<TPass>(ref next, bias);
                next = ref Unsafe.Add(ref next, inPitch);
                TLanes a2 = TLanes.Apply<TPass>(i1, i2, i3, k0, k1);
                TLanes b = TLanes.Apply<TPass>(a0, a1, a2, k0, k1);
                TLanes.Store<TPass>(TLanes.Apply<TPass>(bPrev, bCur, b, k0, k1), bias, ref row);
                row = ref Unsafe.Add(ref row, outPitch);
                bPrev = bCur;
                bCur = b;
                a0 = a1;
                a1 = a2;
                i1 = i2;
                i2 = i3;
            }

            if (h >= 3)
            {
                // Output row h - 3: input row h repeats row h - 1 (i2).
                TLanes a2 = TLanes.Apply<TPass>(i1, i2, i2, k0, k1);
                TLanes b = TLanes.Apply<TPass>(a0, a1, a2, k0, k1);
                TLanes.Store<TPass>(TLanes.Apply<TPass>(bPrev, bCur, b, k0, k1), bias, ref row);
                row = ref Unsafe.Add(ref row, outPitch);
                bPrev = bCur;
                bCur = b;
                a0 = a1;
                a1 = a2;
            }

            if (h >= 2)
            {
                // Output row h - 2: a's row h repeats its row h - 1 (a1).
                TLanes b = TLanes.Apply<TPass>(a0, a1, a1, k0, k1);
                TLanes.Store<TPass>(TLanes.Apply<TPass>(bPrev, bCur, b, k0, k1), bias, ref row);
                row = ref Unsafe.Add(ref row, outPitch);
                bPrev = bCur;
                bCur = b;
            }

            // Output row h - 1: b's row h repeats its row h - 1.
            TLanes.Store<TPass>(TLanes.Apply<TPass>(bPrev, bCur, bCur, k0, k1), bias, ref row);

            if (x == last)
            {
                break;
            }
        }
    }
}

/// <summary>One register of 32-bit lanes as <see cref="BoxBlurColumns{TLanes}"/> uses it, so the walk is written once.</summary>
internal interface IBoxLanes<TSelf>
    where TSelf : struct, IBoxLanes<TSelf>
{
    static abstract int Count { get; }

    static abstract TSelf Create(uint value);

    /// <summary>Exactly Count bytes (no read past them), widened to lanes in the pass's encoding.</summary>
    static abstract TSelf Load<TPass>(ref byte row, TSelf bias)
        where TPass : struct, IBoxPass;

    /// <summary>Count values in [0, 255] (once unbiased) as Count bytes.</summary>
    static abstract void Store<TPass>(TSelf result, TSelf bias, ref byte target)
        where TPass : struct, IBoxPass;

    static abstract TSelf Apply<TPass>(TSelf left, TSelf centre, TSelf right, TSelf first, TSelf second)
        where TPass : struct, IBoxPass;
}

/// <summary>Eight lanes (AVX2).</summary>
internal readonly struct BoxLanes256(Vector256<uint> v) : IBoxLanes<BoxLanes256>
{
    private readonly Vector256<uint> v = v;

    public static int Count => Vector256<uint>.Count;

    public static BoxLanes256 Create(uint value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BoxLanes256 Load<TPass>(ref byte row, BoxLanes256 bias)
        where TPass : struct, IBoxPass
    {
        Vector256<uint> lanes = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref row)).AsByte()).AsUInt32();
        return new(TPass.Bias != 0 ? lanes + bias.v : lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TPass>(BoxLanes256 result, BoxLanes256 bias, ref byte target)
        where TPass : struct, IBoxPass
    {
        Vector256<uint> r = TPass.Bias != 0 ? result.v - bias.v : result.v;
        // The two packs leave the eight bytes in the low 8 bytes.
        Vector128<short> words = Sse41.PackUnsignedSaturate(r.AsInt32().GetLower(), r.AsInt32().GetUpper()).AsInt16();
        Unsafe.WriteUnaligned(ref target, Sse2.PackUnsignedSaturate(words, words).AsUInt64().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BoxLanes256 Apply<TPass>(BoxLanes256 left, BoxLanes256 centre, BoxLanes256 right, BoxLanes256 first, BoxLanes256 second)
        where TPass : struct, IBoxPass => new(TPass.Apply(left.v, centre.v, right.v, first.v, second.v));
}

/// <summary>Four lanes, portable (x64 without AVX2, ARM64).</summary>
internal readonly struct BoxLanes128(Vector128<uint> v) : IBoxLanes<BoxLanes128>
{
    private readonly Vector128<uint> v = v;

    public static int Count => Vector128<uint>.Count;

    public static BoxLanes128 Create(uint value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BoxLanes128 Load<TPass>(ref byte row, BoxLanes128 bias)
        where TPass : struct, IBoxPass
    {
        Vector128<uint> lanes = Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref row)).AsByte()));
        return new(TPass.Bias != 0 ? lanes + bias.v : lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TPass>(BoxLanes128 result, BoxLanes128 bias, ref byte target)
        where TPass : struct, IBoxPass
    {
        Vector128<uint> r = TPass.Bias != 0 ? result.v - bias.v : result.v;
        // Values in [0, 255]: truncating narrows keep them.
        Vector128<ushort> words = Vector128.Narrow(r, r);
        Unsafe.WriteUnaligned(ref target, Vector128.Narrow(words, words).AsUInt32().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BoxLanes128 Apply<TPass>(BoxLanes128 left, BoxLanes128 centre, BoxLanes128 right, BoxLanes128 first, BoxLanes128 second)
        where TPass : struct, IBoxPass => new(TPass.Apply(left.v, centre.v, right.v, first.v, second.v));
}
