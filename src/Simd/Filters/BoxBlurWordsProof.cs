using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Filters;

/// <summary>
/// The per-call proof behind the 16-bit blur kernels (<see cref="BoxBlurWordsVector512"/>, <see cref="BoxBlurWordsVector256"/>):
/// a 15-bit multiplier b with which a <see cref="WordPass"/> computes Pillow's box-radius-0 pass exactly.
/// <para>
/// A pass of scale k (9 for <c>vpmulhrsw</c>, 8 - s for the shifted form) computes m = floor(M(d) / 2^(24-k)) with
/// M(d) = d*b + 2^(23-k) = 2^(24-k)*m + rho. With F = 2^k*b + f: d*F + 2^23 = 2^24*m + (2^k*rho + d*f), so
/// g(d) = floor((d*F + 2^23) / 2^24) equals m exactly when 0 &lt;= 2^k*rho + d*f &lt; 2^24, and when
/// e = 1 the -c term needs 2^k*rho + d*f &gt;= 255. Subtracting that margin (low) first turns both bounds into
/// 0 &lt;= Y(d) &lt; 2^24 - low with Y(d) = 2^k*rho(d) + d*f - low, for the 1021 values d in [-510, 510].
/// </para>
/// <para>
/// d and -d are checked together. M(-d) = 2^(24-k) - M(d), so rho(-d) = 2^(24-k) - rho(d) unless rho(d) = 0, and then
/// Y(-d) = 2^24 - Y(d) - 2*low: both hold exactly when lo &lt;= Y(d) &lt;= hi, with lo = 1 and hi = 2^24 - 1 for
/// low = 0, lo = 0 and hi = 2^24 - 510 for low = 255. Where rho(d) = 0, Y(+-d) = +-d*f - low: both hold only when
/// f = 0 and low = 0, and then every d holds (Y = 2^k*rho), which <see cref="PairedBounds"/> settles without walking;
/// otherwise any rho = 0 fails, which happens exactly when 2^(15-k) divides b (<see cref="ReachesZero"/>). d = 0 always
/// holds (rho = 2^(23-k), Y = 2^23 - low). Two walkers, up from d = 1 and down from d = 510, stop at the first failing
/// block of four steps.
/// </para>
/// <para>
/// It runs in front of every blur call, for up to four candidates (<see cref="ProofInputs"/>), cheapest pass first.
/// Over radii uniform in 0.5-1.2 the first accepts about 40%, the second 2.5% more, the shifted form's two about 52%
/// more; about 4% fall to the 32-bit kernels (and 0.5% have e = 1 with a c that matters, which no b can match).
/// </para>
/// </summary>
internal static class BoxBlurWordsProof
{
    /// <summary>The passes tried per call (see <see cref="ProofInputs"/>).</summary>
    internal const int Candidates = 4;

    private const int MaxD = 510;

    /// <summary>
    /// Finds a pass whose g(d) equals floor((d*F + 2^23 - e*c) / 2^24) for every d in [-510, 510] and every c in
    /// [0, 255], or returns false: the walk runs in 16 lanes where 512-bit vectors are accelerated, in 8 otherwise
    /// (512-bit vectors would run on their software fallback there).
    /// </summary>
    public static bool TryPass(BoxBlurWeights weights, out WordPass pass) =>
        TryPass(weights, Vector512.IsHardwareAccelerated, out pass);

    /// <summary><see cref="TryPass(BoxBlurWeights, out WordPass)"/> with the walk's width chosen (tests hold both to the same answers).</summary>
    internal static bool TryPass(BoxBlurWeights weights, bool wide, out WordPass pass)
    {
        for (int candidate = 0; candidate < Candidates; candidate++)
        {
            if (ProofInputs(weights, candidate, out pass, out int f, out int low) && Holds(pass, f, low, wide))
            {
                return true;
            }
        }

        pass = default;
        return false;
    }

    private static bool Holds(WordPass pass, int f, int low, bool wide)
    {
        if (PairedBounds(f, low, out int lo, out uint span))
        {
            return true;
        }

        int k = pass.ScaleBits;
        return !ReachesZero(pass.Multiplier, k) && (wide ? Walk512(pass.Multiplier << k, f, low + lo, span) : Walk256(pass.Multiplier << k, f, low + lo, span));
    }

    /// <summary>
    /// Whether rho(d) = 0 for some d in 1 .. 510 at scale <paramref name="scaleBits"/> k, which fails the proof unless
    /// <see cref="PairedBounds"/> settled it. With b = 2^t * u (u odd), d*b = 2^(23-k) (mod 2^(24-k)) means
    /// d*u = 2^(23-k-t) (mod 2^(24-k-t)), whose least solution is d = 2^(23-k-t): within 510 exactly when
    /// t &gt;= 15 - k. So the walkers need not track rho at all.
    /// </summary>
    internal static bool ReachesZero(int b, int scaleBits) => (b & ((1 << (15 - scaleBits)) - 1)) == 0;

    /// <summary>
    /// True when lo &lt;= Y(d) &lt;= hi for d = 1 .. 510 (<paramref name="scaled"/> = b &lt;&lt; k, <paramref name="offset"/> = low + lo), in 16
    /// lanes: 16 steps each way, d = 1 .. 256 and 510 .. 255, checked every four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Walk512(int scaled, int f, int offset, uint span)
    {
        Vector512<int> up = Vector512<int>.Indices + Vector512<int>.One, down = Vector512<int>.Indices + Vector512.Create(MaxD - 15);
        // The lanes hold 2^k*M(d) = d*(b << k) + 2^23 wrapping in 32 bits, whose low 24 bits are 2^k*rho(d): one mask,
        // no shift per step.
        Vector512<int> half = Vector512.Create(1 << 23), z0 = Vector512.Create(offset);
        Vector512<int> mUp = (up * scaled) + half, mDown = (down * scaled) + half, zUp = (up * f) - z0, zDown = (down * f) - z0;
        Vector512<int> mStep = Vector512.Create(Vector512<int>.Count * scaled), zStep = Vector512.Create(Vector512<int>.Count * f);
        Vector512<int> rho = Vector512.Create(0xFF_FFFF);
        Vector512<uint> worst = Vector512<uint>.Zero;
        for (int i = 0; i < 16; i += 4)
        {
            for (int j = 0; j < 4; j++)
            {
                Vector512<int> r0 = mUp & rho, r1 = mDown & rho;
                worst = Vector512.Max(worst, Vector512.Max((r0 + zUp).AsUInt32(), (r1 + zDown).AsUInt32()));
                mUp += mStep;
                zUp += zStep;
                mDown -= mStep;
                zDown -= zStep;
            }

            if (Vector512.GreaterThanAny(worst, Vector512.Create(span)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="Walk512"/> in 8 lanes: 32 steps each way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Walk256(int scaled, int f, int offset, uint span)
    {
        Vector256<int> up = Vector256<int>.Indices + Vector256<int>.One, down = Vector256<int>.Indices + Vector256.Create(MaxD - 7);
        // The lanes hold 2^k*M(d) = d*(b << k) + 2^23 wrapping in 32 bits, whose low 24 bits are 2^k*rho(d): one mask,
        // no shift per step.
        Vector256<int> half = Vector256.Create(1 << 23), z0 = Vector256.Create(offset);
        Vector256<int> mUp = (up * scaled) + half, mDown = (down * scaled) + half, zUp = (up * f) - z0, zDown = (down * f) - z0;
        Vector256<int> mStep = Vector256.Create(Vector256<int>.Count * scaled), zStep = Vector256.Create(Vector256<int>.Count * f);
        Vector256<int> rho = Vector256.Create(0xFF_FFFF);
        Vector256<uint> worst = Vector256<uint>.Zero;
        for (int i = 0; i < 32; i += 4)
        {
            for (int j = 0; j < 4; j++)
            {
                Vector256<int> r0 = mUp & rho, r1 = mDown & rho;
                worst = Vector256.Max(worst, Vector256.Max((r0 + zUp).AsUInt32(), (r1 + zDown).AsUInt32()));
                mUp += mStep;
                zUp += zStep;
                mDown -= mStep;
                zDown -= zStep;
            }

            if (Vector256.GreaterThanAny(worst, Vector256.Create(span)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The scalar half of the proof for one candidate: the pass, f = F - 2^k*b and the margin low (0, or 255 when
    /// e = 1), or false when the candidate does not exist (box radius above 0, or a multiplier outside 15 bits).
    /// <list type="bullet">
    /// <item>Candidates 0 and 1 are <c>vpmulhrsw</c> with F/512 rounded to nearest, then rounded the other way. The
    /// second sits in the same rounding cell as F/2^24 for about 3% more radii, among them 0.5 and 0.6 (where F/2^24
    /// lies just above a fraction with a small denominator, 1/24 and 3/50, so rounding F/512 down puts b/2^15 below
    /// it, on the wrong side of the boundaries that the multiples of that denominator hit).</item>
    /// <item>Candidates 2 and 3 are the shifted form with the largest shift whose nearest multiplier fits 15 bits
    /// (the finest multiplier; the next shift down adds no radius in 0.5-1.2), nearest first. No shift fits once F
    /// passes 2^7 * 32767 (radii above about 1.2).</item>
    /// </list>
    /// </summary>
    internal static bool ProofInputs(BoxBlurWeights weights, int candidate, out WordPass pass, out int f, out int low)
    {
        int f24 = (int)weights.Fraction, k = 9, shift = 0;
        if (candidate >= 2)
        {
            shift = 7;
            while (shift > 0 && Nearest(f24, 8 - shift) > short.MaxValue)
            {
                shift--;
            }

            k = 8 - shift;
        }

        int b = Nearest(f24, k);
        if ((candidate & 1) == 1)
        {
            b += f24 - (b << k) >= 0 ? 1 : -1;
        }

        pass = new WordPass((short)b, shift);
        f = f24 - (b << k);
        low = weights.Remainder == 0 ? 0 : 255;
        return weights.Radius == 0 && (candidate < 2 || shift > 0) && b > 0 && b <= short.MaxValue;

        static int Nearest(int f24, int k) => (f24 + (1 << (k - 1))) >> k;
    }

    /// <summary>
    /// lo and <paramref name="span"/> = hi - lo of the paired bounds (see the type), which the walkers test as
    /// Y(d) - lo unsigned; true when f = 0 and low = 0, where every d holds.
    /// </summary>
    internal static bool PairedBounds(int f, int low, out int lo, out uint span)
    {
        lo = low == 0 ? 1 : 0;
        int hi = low == 0 ? (1 << BoxBlurWeights.Shift) - 1 : (1 << BoxBlurWeights.Shift) - (2 * low);
        span = (uint)(hi - lo);
        return f == 0 && low == 0;
    }
}
