using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hpc.Simd.Geometry;

/// <summary>
/// <see cref="SineWarp.StartRows"/> a register of columns at a time, written once for every width
/// (<see cref="ISineLanes{TSelf}"/>). The contract truncates <c>amplitude * Math.Sin(theta)</c>; any approximation v
/// of that product with a proven error bound gives the same truncation whenever v lies farther than the bound from a
/// nonzero integer (truncation toward zero is continuous at 0). The first block: Cody-Waite reduction to
/// [-pi/4, pi/4] (k * pio2Hi is exact), then Taylor polynomials through r^9 for the sine and r^10 for the cosine,
/// whose truncation errors are below 1.8e-9 and 1.2e-10 (|r|^11 / 11! and |r|^12 / 12! at pi/4); with the reduction
/// and rounding errors each is within 2e-9. Every later block turns the (sine, cosine) lanes by the angle of one
/// block, a rotation, which keeps the length of their error (at most 2.9e-9) and adds a few ulps per turn. Lanes
/// within <c>|amplitude| * 1e-8 + 1e-12</c> of a nonzero integer (more than three times the bound), or with |theta|
/// beyond 1e4, take the contract's own <see cref="SineWarp.Shift"/>. The per-column sine was most of the sine warp's
/// time; a turn is four multiply-adds where the polynomials took about twenty operations.
/// </summary>
internal static class SineStarts
{
    /// <summary>The start rows <see cref="Run"/> writes for <paramref name="width"/> columns: whole blocks of eight, the widest lanes.</summary>
    public static int PaddedLength(int width) => (width + 7) & -8;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(Span<int> starts, int width, int height, double amplitude, double frequency)
        where T : struct, ISineLanes<T>
    {
        if (starts.Length < PaddedLength(width))
        {
            throw new ArgumentException($"{starts.Length} start rows cannot hold {width} columns in whole blocks of 8.", nameof(starts));
        }

        const double twoOverPi = 0.63661977236758134308;
        const double pio2Hi = 1.57079632673412561417e+00;
        const double pio2Lo = 6.07710050650619224932e-11;
        // The turn's sine and cosine come from the scalar polynomials (accurate to 1e-15). Only lanes with |theta| below
        // 1e4 are used, so at most 1e4 / |turn| turns reach a used lane, and their angle errors, each a few ulps of
        // the turn, add up to about 1e-11 whatever the frequency (as much as the contract's own rounding of theta).
        // The call comes before any vector exists: no register lives across it, so none is spilled in the loop.
        double turn = -2 * Math.PI * T.Count * frequency;
        (double turnSin, double turnCos) = SineWarp.ApproxSinCos(turn);
        double tolerance = (Math.Abs(amplitude) * 1e-8) + 1e-12;
        T amp = T.Create(amplitude);
        T freq = T.Create(frequency);
        T tol = T.Create(tolerance);
        T upper = T.Create(1 - tolerance);
        T zero = T.Create(0), heights = T.Create(height), inverseHeight = T.Create(1.0 / height), marked = T.Create(-1);
        T turnSine = T.Create(turnSin), turnCosine = T.Create(turnCos);

        T theta0 = T.Create(-2 * Math.PI) * T.Indices * freq;
        T k = T.Round(theta0 * T.Create(twoOverPi));
        T r = (theta0 - (k * T.Create(pio2Hi))) - (k * T.Create(pio2Lo));
        T r2 = r * r;
        // The quadrant k mod 4 in doubles (exact for whole k below 2^53; lanes past that have |theta| far beyond 1e4).
        T pairs = T.Floor(k * T.Create(0.5));
        T quadrantEven = T.Equals(k - (pairs * T.Create(2)), zero);
        T upperHalf = T.Equals(pairs - (T.Floor(pairs * T.Create(0.5)) * T.Create(2)), T.Create(1));
        T sinR = SinR(r, r2), cosR = CosR(r2);
        T sine = T.Select(quadrantEven, sinR, cosR);
        T cosine = T.Select(quadrantEven, cosR, -sinR);
        // theta = k pi/2 + r: quadrants 0-3 give sine (sin r, cos r, -sin r, -cos r), cosine (cos r, -sin r, -cos r, sin r).
        sine = T.Select(upperHalf, -sine, sine);
        cosine = T.Select(upperHalf, -cosine, cosine);
        int firstRejected = int.MaxValue, lastRejected = -1;
        for (int x0 = 0; x0 < width; x0 += T.Count)
        {
            T xs = T.Create(x0) + T.Indices;
            T theta = T.Create(-2 * Math.PI) * xs * freq;
            T v = amp * sine;
            (sine, cosine) = ((sine * turnCosine) + (cosine * turnSine), (cosine * turnCosine) - (sine * turnSine));
            T frac = v - T.Floor(v);
            // Truncation toward zero only jumps at the nonzero integers: a product within the bound of 0 truncates to
            // 0 either way. So do theta = 0 (column 0, or frequency 0; the contract's sin(+-0) is +-0) and the zeros of
            // the sine at multiples of pi, which used to fall to the C library sine on every call.
            T inRange = T.LessThan(T.Abs(theta), T.Create(1e4)) & T.LessThan(T.Abs(v), T.Create(1e9));
            T ok = (inRange & ((T.GreaterThan(frac, tol) & T.LessThan(frac, upper)) | T.LessThan(T.Abs(v), upper))) |
                T.Equals(theta, zero);
            // SineWarp.StartRow in whole doubles, all exact below 2^53: the quotient by the height rounds at most one
            // step off either way, which the two corrections take back. Rejected lanes are marked -1 (no start row
            // is negative) and redone after the loop: a call in the loop made the JIT reload every vector from the
            // stack on each turn, the sine and cosine included.
            T rows = -T.Truncate(T.Select(ok, v, zero));
            rows -= heights * T.Floor(rows * inverseHeight);
            rows += T.LessThan(rows, zero) & heights;
            rows -= T.Select(T.LessThan(rows, heights), zero, heights);
            T.StoreInt32(T.Select(ok, rows, marked), ref starts[x0]);
            uint rejected = ~T.Bits(ok) & ((1u << Math.Min(T.Count, width - x0)) - 1);
            if (rejected != 0)
            {
                firstRejected = Math.Min(firstRejected, x0 + BitOperations.TrailingZeroCount(rejected));
                lastRejected = x0 + 31 - BitOperations.LeadingZeroCount(rejected);
            }
        }

        for (int x = firstRejected; x <= lastRejected; x++)
        {
            if (starts[x] < 0)
            {
                starts[x] = SineWarp.StartRow(SineWarp.Shift(x, amplitude, frequency), height);
            }
        }
    }

    /// <summary>sin(r) through r^9 (Horner in r^2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SinR<T>(T r, T r2)
        where T : struct, ISineLanes<T>
    {
        T p = T.Create(1.0 / 362880);
        p = (p * r2) - T.Create(1.0 / 5040);
        p = (p * r2) + T.Create(1.0 / 120);
        p = (p * r2) - T.Create(1.0 / 6);
        return r + (r * r2 * p);
    }

    /// <summary>cos(r) through r^10.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T CosR<T>(T r2)
        where T : struct, ISineLanes<T>
    {
        T p = T.Create(-1.0 / 3628800);
        p = (p * r2) + T.Create(1.0 / 40320);
        p = (p * r2) - T.Create(1.0 / 720);
        p = (p * r2) + T.Create(1.0 / 24);
        p = (p * r2) - T.Create(0.5);
        return T.Create(1.0) + (r2 * p);
    }
}
