using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>Argument checks shared by the geometry kernels; every check runs before the first write.</summary>
internal static class GeometryGuard
{
    /// <summary>
    /// Both images non-empty and apart. Every geometry kernel writes destination pixels while source pixels remain to be
    /// read, so an overlapping destination would be read back as source, differently on each path: it is refused, as
    /// the filters and conversions refuse it.
    /// </summary>
    public static void Usable(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        if (src.Width <= 0 || src.Height <= 0)
        {
            throw new ArgumentException("The source image is empty.", nameof(src));
        }

        if (dst.Width <= 0 || dst.Height <= 0)
        {
            throw new ArgumentException("The destination image is empty.", nameof(dst));
        }

        if (ImageLayout.Overlap(src, dst))
        {
            throw new ArgumentException("The destination must not overlap the source.", nameof(dst));
        }
    }

    public static void SameSize(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        Usable(src, dst);
        if (src.Width != dst.Width || src.Height != dst.Height)
        {
            throw new ArgumentException(
                $"The destination is {dst.Width}x{dst.Height} but must match the {src.Width}x{src.Height} source.", nameof(dst));
        }
    }

    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be a finite number (was {value}).", name);
        }
    }

    public static void Finite(in AffineMatrix m, string name)
    {
        if (!m.IsFinite)
        {
            throw new ArgumentException($"Every coefficient of {name} must be finite (was {m}).", name);
        }
    }

    public static void Defined(Interpolation interpolation, string name)
    {
        if (interpolation is not (Interpolation.Nearest or Interpolation.Bilinear))
        {
            throw new ArgumentOutOfRangeException(name, interpolation, "Unknown interpolation.");
        }
    }
}
