using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>The scalar reference of <see cref="FusedAffine"/>: the integer scheme of <see cref="FusedFixed"/>, pixel by pixel.</summary>
public static class FusedAffineScalar
{
    /// <summary>One bilinear pass of the composed rotate, shear and scale/translate map.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angleDegrees, double shearX, double shearY,
        double scale, double offsetX, double offsetY, byte fill = 0)
    {
        AffineMatrix m = FusedAffine.Compose(src, dst, angleDegrees, shearX, shearY, scale, offsetX, offsetY);
        FusedFixed.Scalar(src, dst, FusedFixed.From(m), fill);
    }
}
