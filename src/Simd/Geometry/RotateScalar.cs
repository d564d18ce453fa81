using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>The scalar reference of <see cref="Rotate"/>: Pillow's shortcuts, then <see cref="AffineScalar"/>.</summary>
public static class RotateScalar
{
    /// <summary>Rotates counter-clockwise by <paramref name="angleDegrees"/> exactly like Pillow's Image.rotate.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angleDegrees, Interpolation interpolation = Interpolation.Nearest)
    {
        Rotate.Validate(src, dst, angleDegrees, interpolation);
        Rotate.Run(src, dst, angleDegrees, interpolation, SimdPath.Scalar);
    }
}
