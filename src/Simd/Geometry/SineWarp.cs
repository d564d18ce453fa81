using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The classic generator's sine distortion (a numpy loop): column x is rolled down by
/// <c>shift(x) = (int)(amplitude * sin(-2 pi x frequency))</c> with wrap-around,
/// <c>dst[y, x] = src[(y - shift(x)) mod h, x]</c>. Pure data movement, so every path is exact.
/// </summary>
public static class SineWarp
{
    /// <summary>Warps on the widest SIMD path this machine accelerates.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency) =>
        Apply(src, dst, amplitude, frequency, SimdDispatch.Best);

    /// <summary>Warps on a forced path (tests, benchmarks).</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        Validate(src, dst, amplitude, frequency);
        switch (path)
        {
            case SimdPath.Vector512:
                SineWarpVector512.Run(src, dst, amplitude, frequency);
                break;
            case SimdPath.Vector256:
                SineWarpVector256.Run(src, dst, amplitude, frequency);
                break;
            case SimdPath.Vector128:
                SineWarpVector128.Run(src, dst, amplitude, frequency);
                break;
            default:
                SineWarpScalar.Run(src, dst, amplitude, frequency);
                break;
        }
    }

    internal static void Validate(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        GeometryGuard.SameSize(src, dst);
        GeometryGuard.Finite(amplitude, nameof(amplitude));
        GeometryGuard.Finite(frequency, nameof(frequency));
    }

    /// <summary>The contract's shift, truncated toward zero like C# and Python int(); saturates for absurd amplitudes.</summary>
    internal static int Shift(int x, double amplitude, double frequency) =>
        (int)(amplitude * Math.Sin(-2 * Math.PI * x * frequency));

    /// <summary>
    /// <see cref="Shift"/> without calling the C library sine for most columns (it dominated the kernel): a
    /// polynomial sine accurate to ~1e-16 decides the truncation whenever the product is clearly away from a nonzero
    /// integer, where both must truncate alike; near one it defers to <see cref="Shift"/> itself.
    /// </summary>
    internal static int FastShift(int x, double amplitude, double frequency)
    {
        double theta = -2 * Math.PI * x * frequency;
        if (Math.Abs(theta) < 1e4)
        {
            double v = amplitude * ApproxSin(theta);
            double frac = v - Math.Floor(v);
            double tolerance = (Math.Abs(amplitude) * 1e-12) + 1e-300;
            // Truncation toward zero only jumps at the nonzero integers, so a product near 0 is as safe as any other.
            if (Math.Abs(v) < 1e9 && ((frac > tolerance && frac < 1 - tolerance) || Math.Abs(v) < 1 - tolerance))
            {
                return (int)v;
            }
        }

        return Shift(x, amplitude, frequency);
    }

    /// <summary>Sine by Cody-Waite reduction to [-pi/4, pi/4] and Taylor polynomials (error below 1e-15 here).</summary>
    internal static double ApproxSin(double theta)
    {
        int quadrant = Reduce(theta, out double r, out double r2);
        double value = (quadrant & 1) == 0 ? SinPolynomial(r, r2) : CosPolynomial(r2);
        return quadrant >= 2 ? -value : value;
    }

    /// <summary>
    /// Sine and cosine of one angle to <see cref="ApproxSin"/>'s accuracy, without its quadrant branches: the sine
    /// warp's vector paths take one pair per call for a random frequency, where the two branches mispredicted about
    /// half the time (a tenth of a 28x28 warp). The cosine comes from the same reduction as the sine.
    /// </summary>
    internal static (double Sin, double Cos) ApproxSinCos(double theta)
    {
        long quadrant = Reduce(theta, out double r, out double r2);
        double sin = SinPolynomial(r, r2), cos = CosPolynomial(r2);
        // theta = k pi/2 + r: quadrants 0-3 give (sin, cos) = (s, c), (c, -s), (-s, -c), (-c, s).
        Vector128<double> odd = Vector128.Create(-(quadrant & 1)).AsDouble();
        Vector128<double> pair = Vector128.ConditionalSelect(odd, Vector128.Create(cos, -sin), Vector128.Create(sin, cos));
        pair ^= Vector128.Create((quadrant >> 1) << 63).AsDouble();
        return (pair.GetElement(0), pair.GetElement(1));
    }

    /// <summary>theta = k pi/2 + r with r in [-pi/4, pi/4] (k * pio2Hi is exact); returns k mod 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Reduce(double theta, out double r, out double r2)
    {
        const double twoOverPi = 0.63661977236758134308;
        const double pio2Hi = 1.57079632673412561417e+00; // first 33 bits of pi/2: k * pio2Hi is exact
        const double pio2Lo = 6.07710050650619224932e-11;
        double k = Math.Round(theta * twoOverPi);
        r = (theta - (k * pio2Hi)) - (k * pio2Lo);
        r2 = r * r;
        return (int)((long)k & 3);
    }

    /// <summary>sin(r) through r^13 (Horner in r^2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SinPolynomial(double r, double r2)
    {
        double p = -1.0 / 1307674368000;
        p = (p * r2) + (1.0 / 6227020800);
        p = (p * r2) - (1.0 / 39916800);
        p = (p * r2) + (1.0 / 362880);
        p = (p * r2) - (1.0 / 5040);
        p = (p * r2) + (1.0 / 120);
        p = (p * r2) - (1.0 / 6);
        return r + (r * r2 * p);
    }

    /// <summary>cos(r) through r^14.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double CosPolynomial(double r2)
    {
        double p = 1.0 / 20922789888000;
        p = (p * r2) - (1.0 / 87178291200);
        p = (p * r2) + (1.0 / 479001600);
        p = (p * r2) - (1.0 / 3628800);
        p = (p * r2) + (1.0 / 40320);
        p = (p * r2) - (1.0 / 720);
        p = (p * r2) + (1.0 / 24);
        p = (p * r2) - 0.5;
        return 1 + (r2 * p);
    }

    /// <summary>
    /// Per column, the source row of output row 0: <c>(-shift) mod h</c> in [0, h). Output row y then reads row
    /// <c>start + y</c>, minus h once it wraps.
    /// </summary>
    internal static void StartRows(Span<int> starts, int height, double amplitude, double frequency)
    {
        for (int x = 0; x < starts.Length; x++)
        {
            starts[x] = StartRow(FastShift(x, amplitude, frequency), height);
        }
    }

    /// <summary><c>(-shift) mod height</c> in [0, height); the division only for shifts beyond one height.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int StartRow(int shift, int height)
    {
        long r = -(long)shift;
        if (r < 0)
        {
            r += height;
        }

        if ((ulong)r >= (ulong)height)
        {
            r %= height;
            r = r < 0 ? r + height : r;
        }

        return (int)r;
    }

    /// <summary>
    /// Copies columns [c, c + count) pixel by pixel (images narrower than 16 columns, or taller than
    /// <see cref="SineRoll.MaxHeight"/> with a shift beyond a byte), row by row: a column at a time touched a new cache
    /// line per pixel, and on a tall image those lines had left the cache before the next column came back to them.
    /// </summary>
    internal static void Columns(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ReadOnlySpan<int> starts, int c, int count)
    {
        int h = src.Height;
        ReadOnlySpan<int> first = starts.Slice(c, count);
        ref byte s0 = ref Unsafe.AsRef(in src.DangerousGetReferenceAt(0, c));
        nint stride = ImageLayout.Stride(src);
        for (int y = 0; y < h; y++)
        {
            Span<byte> row = dst.GetRowSpan(y).Slice(c, count);
            for (int i = 0; i < row.Length; i++)
            {
                // start + y, wrapped once; formed as a difference, so that it never leaves int whatever the height.
                int r = first[i] - (h - y);
                r += r < 0 ? h : 0;
                row[i] = Unsafe.Add(ref s0, (r * stride) + i);
            }
        }
    }
}
