using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>The scalar reference of <see cref="Shear"/>.</summary>
public static class ShearScalar
{
    /// <summary>Shears exactly like Pillow's AFFINE transform with (1, sx, 0, sy, 1, 0).</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double shearX, double shearY, Interpolation interpolation = Interpolation.Nearest)
    {
        Shear.Validate(src, dst, shearX, shearY, interpolation);
        AffineScalar.Run(src, dst, AffineMatrix.Shear(shearX, shearY), interpolation, 0);
    }
}
