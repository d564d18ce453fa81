using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// How a 16-bit blur kernel forms g(d) = floor((d*F + 2^23) / 2^24), the change a box-radius-0 pass makes to a pixel
/// whose neighbours differ from it by d = l + r - 2c in total (see <see cref="BoxBlurWordsVector512"/>), from a 15-bit
/// multiplier that <see cref="BoxBlurWordsProof"/> proved exact. <see cref="Shift"/> 0 is one <c>vpmulhrsw</c>,
/// floor((d*b + 2^14) / 2^15); a shift s of 1 to 7 is (<c>vpmulhw</c>(d, b) + 2^(s-1)) &gt;&gt; s, which by nested
/// floors is floor((d*b + 2^(15+s)) / 2^(16+s)): three operations, but a multiplier 2^(s+1) times finer, which the
/// proof accepts for most of the radii that the one-operation form refuses.
/// </summary>
internal readonly record struct WordPass(short Multiplier, int Shift)
{
    /// <summary>
    /// The multiplier's weight in units of 2^-24: F is about 2^ScaleBits * b, and the proof's lanes hold
    /// 2^ScaleBits * (d*b + rounding), whose low 24 bits are the part of d*F + 2^23 below the rounding boundary.
    /// </summary>
    public int ScaleBits => Shift == 0 ? 9 : 8 - Shift;

    /// <summary>What the shifted form adds before its shift, 2^(s-1) (nothing for <c>vpmulhrsw</c>, which rounds itself).</summary>
    public short Rounding => (short)(Shift == 0 ? 0 : 1 << (Shift - 1));

    /// <summary>The scalar statement of the pass (tests hold the kernels' operators to it).</summary>
    public int Apply(int d) => Shift == 0 ? ((d * Multiplier) + (1 << 14)) >> 15 : (((d * Multiplier) >> 16) + Rounding) >> Shift;
}

/// <summary>The two forms of <see cref="WordPass"/> as operators, so that each kernel is specialised per form.</summary>
internal interface IWordPass
{
    static abstract Vector512<short> Apply(Vector512<short> d, Vector512<short> multiplier, Vector512<short> rounding, Vector128<short> shift);

    static abstract Vector256<short> Apply(Vector256<short> d, Vector256<short> multiplier, Vector256<short> rounding, Vector128<short> shift);
}

/// <summary><see cref="WordPass.Shift"/> 0: one <c>vpmulhrsw</c>.</summary>
internal readonly struct RoundScalePass : IWordPass
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<short> Apply(Vector512<short> d, Vector512<short> multiplier, Vector512<short> rounding, Vector128<short> shift) =>
        Avx512BW.MultiplyHighRoundScale(d, multiplier);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> Apply(Vector256<short> d, Vector256<short> multiplier, Vector256<short> rounding, Vector128<short> shift) =>
        Avx2.MultiplyHighRoundScale(d, multiplier);
}

/// <summary><see cref="WordPass.Shift"/> 1 to 7: <c>vpmulhw</c>, the rounding add and an arithmetic shift by a register count.</summary>
internal readonly struct HighShiftPass : IWordPass
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<short> Apply(Vector512<short> d, Vector512<short> multiplier, Vector512<short> rounding, Vector128<short> shift) =>
        Avx512BW.ShiftRightArithmetic(Avx512BW.MultiplyHigh(d, multiplier) + rounding, shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> Apply(Vector256<short> d, Vector256<short> multiplier, Vector256<short> rounding, Vector128<short> shift) =>
        Avx2.ShiftRightArithmetic(Avx2.MultiplyHigh(d, multiplier) + rounding, shift);
}
