using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow <c>Image.transform(size, AFFINE, (1, sx, 0, sy, 1, 0), resample)</c>: output (x, y) samples the source at
/// (x + sx*y, sy*x + y), pixel centres included; outside samples are 0. dst may have any size (the transform size).
/// </summary>
public static class Shear
{
    /// <summary>Shears on the widest SIMD path this machine accelerates.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double shearX, double shearY, Interpolation interpolation = Interpolation.Nearest) =>
        Apply(src, dst, shearX, shearY, interpolation, SimdDispatch.Best);

    /// <summary>Shears on a forced path (tests, benchmarks).</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double shearX, double shearY, Interpolation interpolation, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        Validate(src, dst, shearX, shearY, interpolation);
        Affine.Run(src, dst, AffineMatrix.Shear(shearX, shearY), interpolation, path, 0);
    }

    internal static void Validate(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double shearX, double shearY, Interpolation interpolation)
    {
        GeometryGuard.Usable(src, dst);
        GeometryGuard.Finite(shearX, nameof(shearX));
        GeometryGuard.Finite(shearY, nameof(shearY));
        GeometryGuard.Defined(interpolation, nameof(interpolation));
    }
}
