using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Filters;

/// <summary>
/// The per-call proof behind the 16-bit blur kernels (<see cref="BoxBlurWordsVector512"/>, <see cref="BoxBlurWordsVector256"/>):
/// a 15-bit multiplier b with which vpmulhrsw computes Pillow's box-radius-0 pass exactly.
/// <para>
/// With M(d) = d*b + 2^14 = 2^15*m + rho and F = 512*b + f: d*F + 2^23 = 2^24*m + (512*rho + d*f), so
/// g(d) = floor((d*F + 2^23) / 2^24) equals m = vpmulhrsw(d, b) exactly when 0 &lt;= 512*rho + d*f &lt; 2^24, and when
/// e = 1 the -c term needs 512*rho + d*f &gt;= 255. Subtracting that margin (low) first turns both bounds into
/// 0 &lt;= Y(d) &lt; 2^24 - low with Y(d) = 512*rho(d) + d*f - low, for the 1021 values d in [-510, 510].
/// </para>
/// <para>
/// d and -d are checked together. M(-d) = 2^15 - M(d), so rho(-d) = 2^15 - rho(d) unless rho(d) = 0, and then
/// Y(-d) = 2^24 - Y(d) - 2*low: both hold exactly when lo &lt;= Y(d) &lt;= hi, with lo = 1 and hi = 2^24 - 1 for
/// low = 0, lo = 0 and hi = 2^24 - 510 for low = 255. Where rho(d) = 0, Y(+-d) = +-d*f - low: both hold only when
/// f = 0 and low = 0, and then every d holds (Y = 512*rho), which <see cref="PairedBounds"/> settles without walking;
/// otherwise any rho = 0 fails, which happens exactly when 64 divides b (<see cref="ReachesZero"/>). d = 0 always
/// holds (rho = 2^14, Y = 2^23 - low). Two walkers, up from d = 1 and down from d = 510, stop at the first failing
/// block of four steps. It runs in front of every blur call, for up to two
/// candidate multipliers: with the nearest b it fails for about 60% of radii, at large or small |d|, and the other
/// neighbour of F/512 passes for about 3% of radii more.
/// </para>
/// </summary>
internal static class BoxBlurWordsProof
{
    /// <summary>The multipliers tried per call, nearest first (see <see cref="ProofInputs"/>).</summary>
    internal const int Candidates = 2;

    private const int MaxD = 510;

    /// <summary>
    /// Finds b with floor((d*b + 2^14) / 2^15) == floor((d*F + 2^23 - e*c) / 2^24) for every d in [-510, 510] and
    /// every c in [0, 255], or returns false (about 43% of the radii 0.5-1.2 pass): the walk runs in 16 lanes where
    /// 512-bit vectors are accelerated, in 8 otherwise (512-bit vectors would run on their software fallback there).
    /// </summary>
    public static bool TryMultiplier(BoxBlurWeights weights, out short multiplier) =>
        TryMultiplier(weights, Vector512.IsHardwareAccelerated, out multiplier);

    /// <summary>
    /// <see cref="TryMultiplier(BoxBlurWeights, out short)"/> with the walk's width chosen (tests hold both to the same
    /// answers). The two candidates are F/512 rounded to nearest, then rounded the other way.
    /// </summary>
    internal static bool TryMultiplier(BoxBlurWeights weights, bool wide, out short multiplier)
    {
        for (int candidate = 0; candidate < Candidates; candidate++)
        {
            if (ProofInputs(weights, candidate, out int b, out int f, out int low) && Holds(b, f, low, wide))
            {
                multiplier = (short)b;
                return true;
            }
        }

        multiplier = 0;
        return false;
    }

    private static bool Holds(int b, int f, int low, bool wide) =>
        PairedBounds(f, low, out int lo, out uint span) || (!ReachesZero(b) && (wide ? Walk512(b, f, low + lo, span) : Walk256(b, f, low + lo, span)));

    /// <summary>
    /// Whether rho(d) = 0 for some d in 1 .. 510, which fails the proof unless <see cref="PairedBounds"/> settled it.
    /// With b = 2^k * u (u odd), d*b = 2^14 (mod 2^15) means d*u = 2^(14-k) (mod 2^(15-k)), whose least solution is
    /// d = 2^(14-k): within 510 exactly when k &gt;= 6. So the walkers need not track rho at all.
    /// </summary>
    internal static bool ReachesZero(int b) => (b & 63) == 0;

    /// <summary>
    /// True when lo &lt;= Y(d) &lt;= hi for d = 1 .. 510 (<paramref name="offset"/> = low + lo), in 16
    /// lanes: 16 steps each way, d = 1 .. 256 and 510 .. 255, checked every four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Walk512(int b, int f, int offset, uint span)
    {
        Vector512<int> up = Vector512<int>.Indices + Vector512<int>.One, down = Vector512<int>.Indices + Vector512.Create(MaxD - 15);
        // The lanes hold 512*M(d) wrapping in 32 bits, whose low 24 bits are 512*rho(d): one mask, no shift per step.
        Vector512<int> half = Vector512.Create(1 << 23), z0 = Vector512.Create(offset);
        Vector512<int> mUp = (up * (b << 9)) + half, mDown = (down * (b << 9)) + half, zUp = (up * f) - z0, zDown = (down * f) - z0;
        Vector512<int> mStep = Vector512.Create(Vector512<int>.Count * (b << 9)), zStep = Vector512.Create(Vector512<int>.Count * f);
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
    private static bool Walk256(int b, int f, int offset, uint span)
    {
        Vector256<int> up = Vector256<int>.Indices + Vector256<int>.One, down = Vector256<int>.Indices + Vector256.Create(MaxD - 7);
        // The lanes hold 512*M(d) wrapping in 32 bits, whose low 24 bits are 512*rho(d): one mask, no shift per step.
        Vector256<int> half = Vector256.Create(1 << 23), z0 = Vector256.Create(offset);
        Vector256<int> mUp = (up * (b << 9)) + half, mDown = (down * (b << 9)) + half, zUp = (up * f) - z0, zDown = (down * f) - z0;
        Vector256<int> mStep = Vector256.Create(Vector256<int>.Count * (b << 9)), zStep = Vector256.Create(Vector256<int>.Count * f);
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
    /// The scalar half of the proof for one candidate: b, f = F - 512*b and the margin low (0, or 255 when e = 1), or
    /// false when radius 0 has no 16-bit candidate. Candidate 0 is F/512 rounded to nearest; candidate 1 is its
    /// neighbour on the other side of F/512, which sits in the same rounding cell as F/2^24 for about 3% more of the
    /// radii 0.5-1.2, among them 0.5 and 0.6 (where F/2^24 lies just above a fraction with a small denominator, 1/24 and
    /// 3/50, so rounding F/512 down puts b/2^15 below it, on the wrong side of the boundaries that the multiples of
    /// that denominator hit). Further candidates (+-2, +-3) add no radius in that range.
    /// </summary>
    internal static bool ProofInputs(BoxBlurWeights weights, int candidate, out int b, out int f, out int low)
    {
        int f24 = (int)weights.Fraction;
        b = (f24 + 256) >> 9;
        if (candidate == 1)
        {
            b += f24 - (512 * b) >= 0 ? 1 : -1;
        }

        long e = weights.Remainder;
        f = f24 - 512 * b;
        low = e == 0 ? 0 : 255;
        return weights.Radius == 0 && b > 0 && b <= short.MaxValue;
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
