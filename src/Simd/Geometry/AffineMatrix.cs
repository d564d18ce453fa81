using System.Globalization;
using System.Runtime.CompilerServices;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The inverse map of a warp in Pillow's <c>Image.transform(AFFINE)</c> convention: output pixel (x, y), taken at its
/// centre (x + 0.5, y + 0.5), samples the input at <c>(A*x' + B*y' + C, D*x' + E*y' + F)</c> in continuous
/// coordinates where input pixel (i, j) covers [i, i+1) x [j, j+1).
/// </summary>
public readonly record struct AffineMatrix(double A, double B, double C, double D, double E, double F)
{
    /// <summary>The map that samples every output pixel at the same input position.</summary>
    public static AffineMatrix Identity { get; } = new(1, 0, 0, 0, 1, 0);

    /// <summary>True when every coefficient is a finite number.</summary>
    public bool IsFinite =>
        double.IsFinite(A) && double.IsFinite(B) && double.IsFinite(C) &&
        double.IsFinite(D) && double.IsFinite(E) && double.IsFinite(F);

    /// <summary>
    /// Exactly the matrix Pillow 9.4 <c>Image.rotate(angle)</c> builds (no expand, no translate, centre w/2, h/2):
    /// the angle is taken modulo 360 with Python's sign rule, the cosines and sines are rounded to 15 decimals as
    /// <c>round(x, 15)</c> does, and the centre terms are evaluated in Python's operation order so that the
    /// fixed-point nearest path sees the very same doubles.
    /// </summary>
    public static AffineMatrix PillowRotate(double angleDegrees, int width, int height)
    {
        double angle = PythonMod360(angleDegrees);
        // math.radians multiplies by the precomputed constant pi/180; the sign flip is exact.
        double rad = -(angle * (Math.PI / 180.0));
        // One sincos call gives the bits of cos and sin alike (glibc shares their kernels), in half the time.
        (double sinRad, double cosRad) = Math.SinCos(rad);
        double cos = Round15(cosRad);
        double sin = Round15(sinRad);
        double negSin = Round15(-sinRad);
        double cx = width / 2.0;
        double cy = height / 2.0;
        double c = (cos * -cx) + (sin * -cy) + 0.0;
        double f = (negSin * -cx) + (cos * -cy) + 0.0;
        c += cx;
        f += cy;
        return new AffineMatrix(cos, sin, c, negSin, cos, f);
    }

    /// <summary>Pillow's shear map <c>(1, sx, 0, sy, 1, 0)</c>.</summary>
    public static AffineMatrix Shear(double sx, double sy) => new(1, sx, 0, sy, 1, 0);

    /// <summary>
    /// The inverse map of "scale the input by (scaleX, scaleY) about the origin, then move it by (offsetX, offsetY)":
    /// output position p samples the input at <c>(p - offset) / scale</c>, like a resize followed by a paste.
    /// </summary>
    public static AffineMatrix ScaleTranslate(double scaleX, double scaleY, double offsetX, double offsetY) =>
        new(1.0 / scaleX, 0, -offsetX / scaleX, 0, 1.0 / scaleY, -offsetY / scaleY);

    /// <summary>
    /// The map of applying this warp and then <paramref name="next"/> to its result. Because both are inverse maps
    /// (output to input), the composite samples the input at <c>this(next(p))</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AffineMatrix Then(in AffineMatrix next) => new(
        (A * next.A) + (B * next.D),
        (A * next.B) + (B * next.E),
        (A * next.C) + (B * next.F) + C,
        (D * next.A) + (E * next.D),
        (D * next.B) + (E * next.E),
        (D * next.C) + (E * next.F) + F);

    /// <summary>Python's float <c>angle % 360.0</c>: the result takes the sign of the divisor.</summary>
    internal static double PythonMod360(double angle)
    {
        double mod = angle % 360.0;
        if (mod != 0)
        {
            if (mod < 0)
            {
                mod += 360.0;
            }
        }
        else
        {
            mod = 0.0;
        }

        return mod;
    }

    /// <summary>
    /// Python's <c>round(x, 15)</c>: x * 10^15 rounded half-to-even on its exact value, then the correctly rounded
    /// double of that decimal. The product is kept exact as hi + lo (an FMA gives the low part), and
    /// n / 10^15 is one correctly rounded IEEE division of two exact integers, which is what Python's strtod returns.
    /// </summary>
    internal static double Round15(double x)
    {
        const double scale = 1e15;
        if (!(Math.Abs(x) <= 1.0))
        {
            return Round15Slow(x);
        }

        double hi = x * scale;
        double lo = Math.FusedMultiplyAdd(x, scale, -hi);
        double n = Math.Floor(hi);
        // The exact fraction of x * 10^15 above n; hi - n is exact because both are below 2^50.
        double frac = hi - n;
        if (frac > 0.5 || (frac == 0.5 && lo > 0))
        {
            n += 1;
        }
        else if (frac == 0.5 && lo == 0)
        {
            n += Math.IEEERemainder(n, 2) == 0 ? 0 : 1;
        }
        else if (frac == 0 && lo < 0)
        {
            // hi is an integer but the exact product sits just below it: the fraction is 1 + lo, above 0.5.
            n = hi;
        }

        return n == 0 ? Math.CopySign(0.0, x) : n / scale;
    }

    /// <summary>The same rounding through decimal formatting (exact on .NET Core 3.0+), for values beyond +-1.</summary>
    internal static double Round15Slow(double x)
    {
        Span<char> buffer = stackalloc char[400];
        if (!x.TryFormat(buffer, out int written, "F15", CultureInfo.InvariantCulture))
        {
            return x;
        }

        return double.Parse(buffer[..written], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
