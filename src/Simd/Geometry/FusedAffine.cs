using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The fast mode of the classic rotate, shear, resize-and-paste chain: the three maps composed into one
/// <see cref="AffineMatrix"/> and sampled once, bilinearly. It is not Pillow-identical (Pillow resamples three times,
/// nearest then bicubic), but it costs one warp instead of three and blurs less. Its own integer scheme (16.16 tap
/// coordinates advanced by integer steps, 1/128-pixel weights rounded to the nearest step, Pillow's edge clamping and
/// inside rule) is defined by <see cref="FusedAffineScalar"/>; every path produces the same bytes.
/// </summary>
public static class FusedAffine
{
    /// <summary>Runs the fused warp on the widest SIMD path this machine accelerates.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angleDegrees, double shearX, double shearY,
        double scale, double offsetX, double offsetY, byte fill = 0) =>
        Apply(src, dst, angleDegrees, shearX, shearY, scale, offsetX, offsetY, SimdDispatch.Best, fill);

    /// <summary>Runs the fused warp on a forced path (tests, benchmarks).</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angleDegrees, double shearX, double shearY,
        double scale, double offsetX, double offsetY, SimdPath path, byte fill = 0)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        AffineMatrix m = Compose(src, dst, angleDegrees, shearX, shearY, scale, offsetX, offsetY);
        Run(src, dst, FusedFixed.From(m), path, fill);
    }

    internal static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, SimdPath path, byte fill)
    {
        int th = path == SimdPath.Vector512 ? FusedAffineVbmi.TileHeight(src, dst, f) : 0;
        if (th > 0)
        {
            FusedAffineVbmi.Run(src, dst, f, th, fill);
        }
        else if (path is SimdPath.Vector512 or SimdPath.Vector256 && FusedAffineAvx2.TileHeight(src, dst, f) is int ath and > 0)
        {
            // The AVX2 shuffle engine: the 256-bit path's, and the 512-bit path's where VBMI is missing.
            FusedAffineAvx2.Run(src, dst, f, ath, fill);
        }
        else if (path == SimdPath.Vector128 && FusedAffineShuffle128.TileHeight(src, dst, f) is int sth and > 0)
        {
            FusedAffineShuffle128.Run(src, dst, f, sth, fill);
        }
        else if (path == SimdPath.Scalar || !FusedAffineVector256.Applies(src, dst, f))
        {
            FusedFixed.Scalar(src, dst, f, fill);
        }
        else if (path == SimdPath.Vector512)
        {
            FusedAffineVector512.Run(src, dst, f, fill);
        }
        else if (path == SimdPath.Vector256)
        {
            FusedAffineVector256.Run(src, dst, f, fill);
        }
        else
        {
            FusedAffineVector128.Run(src, dst, f, fill);
        }
    }

    /// <summary>
    /// Validates and builds the composite: rotate about the source centre (Pillow's matrix), then shear, then scale by
    /// <paramref name="scale"/> about the origin and move by the offsets, the stages applied in that order.
    /// </summary>
    public static AffineMatrix Compose(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angleDegrees, double shearX, double shearY,
        double scale, double offsetX, double offsetY)
    {
        GeometryGuard.Usable(src, dst);
        GeometryGuard.Finite(angleDegrees, nameof(angleDegrees));
        GeometryGuard.Finite(shearX, nameof(shearX));
        GeometryGuard.Finite(shearY, nameof(shearY));
        GeometryGuard.Finite(offsetX, nameof(offsetX));
        GeometryGuard.Finite(offsetY, nameof(offsetY));
        if (!double.IsFinite(scale) || scale <= 0 || !double.IsFinite(1.0 / scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be a positive finite number.");
        }

        AffineMatrix m = AffineMatrix.PillowRotate(angleDegrees, src.Width, src.Height)
            .Then(AffineMatrix.Shear(shearX, shearY))
            .Then(AffineMatrix.ScaleTranslate(scale, scale, offsetX, offsetY));
        GeometryGuard.Finite(m, nameof(scale));
        return m;
    }
}
