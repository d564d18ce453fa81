using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector512;
using VD = System.Runtime.Intrinsics.Vector512<double>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// <see cref="SineWarp.StartRows"/> eight columns at a time. The contract truncates <c>amplitude * Math.Sin(theta)</c>;
/// any approximation v of that product with a proven error bound gives the same truncation whenever v lies farther
/// than the bound from a nonzero integer (truncation toward zero is continuous at 0). The first eight columns: Cody-Waite
/// reduction to [-pi/4, pi/4] (k * pio2Hi is exact), then Taylor polynomials through r^9 for the sine and r^10 for the
/// cosine, whose truncation errors are below 1.8e-9 and 1.2e-10 (|r|^11 / 11! and |r|^12 / 12! at pi/4); with the
/// reduction and rounding errors each is within 2e-9. Every later block turns the (sine, cosine) lanes by the angle
/// of eight columns, a rotation, which keeps the length of their error (at most 2.9e-9) and adds a few ulps per turn.
/// Lanes within <c>|amplitude| * 1e-8 + 1e-12</c> of a nonzero integer (more than three times the bound), or with
/// |theta| beyond 1e4, take the contract's own <see cref="SineWarp.Shift"/>. The per-column sine was most of the sine
/// warp's time; a turn is four multiply-adds where the polynomials took about twenty operations.
/// </summary>
internal static class SineStartsVector512
{
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(Span<int> starts, int width, int height, double amplitude, double frequency)
    {
        if (starts.Length < PaddedLength(width))
        {
            throw new ArgumentException($"{starts.Length} start rows cannot hold {width} columns in whole blocks of {VD.Count}.", nameof(starts));
        }

        const double twoOverPi = 0.63661977236758134308;
        const double pio2Hi = 1.57079632673412561417e+00;
        const double pio2Lo = 6.07710050650619224932e-11;
        double tolerance = (Math.Abs(amplitude) * 1e-8) + 1e-12;
        VD amp = Vec.Create(amplitude);
        VD freq = Vec.Create(frequency);
        VD tol = Vec.Create(tolerance);
        VD upper = Vec.Create(1 - tolerance);
        Span<int> lanes = stackalloc int[VD.Count];
        Vector256<int> heights = Vector256.Create(height);

        // The turn's sine and cosine come from the scalar polynomial (accurate to 1e-15). Only lanes with |theta| below
        // 1e4 are used, so at most 1e4 / |turn| turns reach a used lane, and their angle errors, each a few ulps of
        // the turn, add up to about 1e-11 whatever the frequency (as much as the contract's own rounding of theta).
        VD theta0 = Vec.Create(-2 * Math.PI) * VD.Indices * freq;
        VD k = Vec.Round(theta0 * Vec.Create(twoOverPi));
        VD r = (theta0 - (k * Vec.Create(pio2Hi))) - (k * Vec.Create(pio2Lo));
        VD r2 = r * r;
        Vector512<long> quadrant = Vec.ConvertToInt64(k) & Vector512.Create(3L);
        VD even = Even(r, r2), odd = Odd(r2);
        VD quadrantEven = Vec.Equals(quadrant & Vector512<long>.One, Vector512<long>.Zero).AsDouble();
        VD sine = Vec.ConditionalSelect(quadrantEven, even, odd);
        VD cosine = Vec.ConditionalSelect(quadrantEven, odd, -even);
        // theta = k pi/2 + r: quadrants 0-3 give sine (sin r, cos r, -sin r, -cos r), cosine (cos r, -sin r, -cos r, sin r).
        VD upperHalf = Vec.GreaterThanOrEqual(quadrant, Vec.Create(2L)).AsDouble();
        sine = Vec.ConditionalSelect(upperHalf, -sine, sine);
        cosine = Vec.ConditionalSelect(upperHalf, -cosine, cosine);
        double turn = -2 * Math.PI * VD.Count * frequency;
        VD turnSine = Vec.Create(SineWarp.ApproxSin(turn)), turnCosine = Vec.Create(SineWarp.ApproxSin(turn + (Math.PI / 2)));
        for (int x0 = 0; x0 < width; x0 += VD.Count)
        {
            VD xs = Vec.Create((double)x0) + VD.Indices;
            VD theta = Vec.Create(-2 * Math.PI) * xs * freq;
            VD v = amp * sine;
            (sine, cosine) = ((sine * turnCosine) + (cosine * turnSine), (cosine * turnCosine) - (sine * turnSine));
            VD frac = v - Vec.Floor(v);
            // Truncation toward zero only jumps at the nonzero integers: a product within the bound of 0 truncates to
            // 0 either way. So do theta = 0 (column 0, or frequency 0; the contract's sin(+-0) is +-0) and the zeros of
            // the sine at multiples of pi, which used to fall to the C library sine on every call.
            VD inRange = Vec.LessThan(Vec.Abs(theta), Vec.Create(1e4)) & Vec.LessThan(Vec.Abs(v), Vec.Create(1e9));
            VD ok = (inRange & ((Vec.GreaterThan(frac, tol) & Vec.LessThan(frac, upper)) | Vec.LessThan(Vec.Abs(v), upper))) |
                Vec.Equals(theta, VD.Zero);
            // Rejected lanes convert a zero (defined) and are recomputed in scalar.
            Vector256<int> shifts = Avx512F.ConvertToVector256Int32WithTruncation(Vec.ConditionalSelect(ok, v, VD.Zero));
            ulong okBits = Vec.ExtractMostSignificantBits(ok);
            // SineWarp.StartRow for shifts within one height either way, the usual case, in lanes; the block is
            // stored whole (the span is padded), then the lanes the vector could not settle are redone in scalar.
            Vector256<int> rows = -shifts;
            rows += Vector256.LessThan(rows, Vector256<int>.Zero) & heights;
            rows -= Vector256.GreaterThanOrEqual(rows, heights) & heights;
            rows.StoreUnsafe(ref starts[x0]);
            ulong settled = okBits & Vector256.ExtractMostSignificantBits(Vector256.LessThan(rows.AsUInt32(), heights.AsUInt32()));
            ulong wanted = (1UL << Math.Min(VD.Count, width - x0)) - 1;
            ulong redo = wanted & ~settled;
            if (redo == 0)
            {
                continue;
            }

            shifts.StoreUnsafe(ref lanes[0]);
            for (; redo != 0; redo &= redo - 1)
            {
                int i = BitOperations.TrailingZeroCount(redo);
                int shift = (okBits & (1UL << i)) != 0 ? lanes[i] : SineWarp.Shift(x0 + i, amplitude, frequency);
                starts[x0 + i] = SineWarp.StartRow(shift, height);
            }
        }
    }

    /// <summary>The start rows <see cref="Run"/> writes for <paramref name="width"/> columns: whole blocks of eight.</summary>
    public static int PaddedLength(int width) => (width + VD.Count - 1) & -VD.Count;

    /// <summary>sin(r) through r^9 (Horner in r^2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VD Even(VD r, VD r2)
    {
        VD p = Vec.Create(1.0 / 362880);
        p = (p * r2) - Vec.Create(1.0 / 5040);
        p = (p * r2) + Vec.Create(1.0 / 120);
        p = (p * r2) - Vec.Create(1.0 / 6);
        return r + (r * r2 * p);
    }

    /// <summary>cos(r) through r^10.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VD Odd(VD r2)
    {
        VD p = Vec.Create(-1.0 / 3628800);
        p = (p * r2) + Vec.Create(1.0 / 40320);
        p = (p * r2) - Vec.Create(1.0 / 720);
        p = (p * r2) + Vec.Create(1.0 / 24);
        p = (p * r2) - Vec.Create(0.5);
        return Vec.Create(1.0) + (r2 * p);
    }
}
