using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow 9.4 <c>Image.rotate(angle, resample)</c> without expand: counter-clockwise about (w/2, h/2), corners filled
/// with 0. Angles that are multiples of 90 take Pillow's own transpose shortcuts (0 and 180 always, 90 and 270 for
/// square images), so the output is bit-identical to Pillow for nearest.
/// </summary>
public static class Rotate
{
    /// <summary>Rotates on the widest SIMD path this machine accelerates.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angleDegrees, Interpolation interpolation = Interpolation.Nearest) =>
        Apply(src, dst, angleDegrees, interpolation, SimdDispatch.Best);

    /// <summary>Rotates on a forced path (tests, benchmarks).</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angleDegrees, Interpolation interpolation, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        Validate(src, dst, angleDegrees, interpolation);
        Run(src, dst, angleDegrees, interpolation, path);
    }

    internal static void Validate(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angleDegrees, Interpolation interpolation)
    {
        GeometryGuard.SameSize(src, dst);
        GeometryGuard.Finite(angleDegrees, nameof(angleDegrees));
        GeometryGuard.Defined(interpolation, nameof(interpolation));
    }

    internal static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angleDegrees, Interpolation interpolation, SimdPath path)
    {
        double angle = AffineMatrix.PythonMod360(angleDegrees);
        bool square = src.Width == src.Height;
        if (angle == 0)
        {
            src.CopyTo(dst);
        }
        else if (angle == 180)
        {
            Transposes.Rotate180(src, dst);
        }
        else if (angle == 90 && square)
        {
            Transposes.Rotate90(src, dst);
        }
        else if (angle == 270 && square)
        {
            Transposes.Rotate270(src, dst);
        }
        else
        {
            Affine.Run(src, dst, AffineMatrix.PillowRotate(angleDegrees, src.Width, src.Height), interpolation, path, 0);
        }
    }
}
