using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow <c>Image.transform(size, AFFINE, (a, b, c, d, e, f), resample)</c> on 8-bit grey images: every output pixel
/// samples the source through the inverse map <see cref="AffineMatrix"/>; samples outside the source get
/// <c>fill</c> (Pillow's default canvas is 0). Nearest is bit-identical to Pillow 9.4; bilinear is within +-1.
/// </summary>
public static class Affine
{
    /// <summary>Warps on the widest SIMD path this machine accelerates.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, Interpolation interpolation, byte fill = 0) =>
        Apply(src, dst, m, interpolation, SimdDispatch.Best, fill);

    /// <summary>Warps on a forced path (tests, benchmarks); throws <see cref="NotSupportedException"/> if it cannot run here.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, Interpolation interpolation, SimdPath path, byte fill = 0)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        Validate(src, dst, m, interpolation);
        Run(src, dst, m, interpolation, path, fill);
    }

    internal static void Validate(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, Interpolation interpolation)
    {
        GeometryGuard.Usable(src, dst);
        GeometryGuard.Finite(m, nameof(m));
        GeometryGuard.Defined(interpolation, nameof(interpolation));
    }

    /// <summary>The one dispatch point for every affine-based kernel (rotate, shear, fused).</summary>
    internal static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, Interpolation interpolation, SimdPath path, byte fill)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                AffineVector512.Run(src, dst, m, interpolation, fill);
                break;
            case SimdPath.Vector256:
                AffineVector256.Run(src, dst, m, interpolation, fill);
                break;
            case SimdPath.Vector128:
                AffineVector128.Run(src, dst, m, interpolation, fill);
                break;
            default:
                AffineScalar.Run(src, dst, m, interpolation, fill);
                break;
        }
    }
}
