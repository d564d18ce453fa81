using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>
/// Pillow 9.4 ImageFilter.GaussianBlur(radius) on an L image (three extended box passes per direction, fixed point),
/// bit-identical to <see cref="GaussianBlurScalar"/> on every ISA path. Radius 0 copies.
/// </summary>
public static class GaussianBlur
{
    /// <summary>Largest accepted radius; it keeps the fixed-point window sums of Pillow's algorithm inside 32 bits
    /// (a radius this size already flattens any image to its mean).</summary>
    public const float MaxRadius = 100_000f;

    /// <summary>Blurs <paramref name="src"/> into <paramref name="dst"/> on <see cref="SimdDispatch.Best"/>.</summary>
    /// <exception cref="ArgumentException">Empty source, mismatched or overlapping destination, or a radius that is
    /// negative, NaN, infinite or above <see cref="MaxRadius"/>.</exception>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, float radius) =>
        Apply(src, dst, radius, SimdDispatch.Best);

    /// <summary>Blurs on a forced ISA path (tests, benchmarks).</summary>
    /// <exception cref="NotSupportedException"><paramref name="path"/> is not accelerated here.</exception>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, float radius, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        ThrowIfInvalid(src, dst, radius);
        if (radius == 0)
        {
            src.CopyTo(dst);
            return;
        }

        BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
        BlurBands.Run(src, dst, weights.Radius + 1, new Passes(weights, path));
    }

    /// <summary>The blur of one band (<see cref="BlurBands"/>) on the chosen path.</summary>
    internal readonly struct Passes(BoxBlurWeights weights, SimdPath path) : IBandBlur
    {
        public void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
        {
            // The vector kernels read every tap of the window; beyond MaxVectorRadius the scalar running sum is cheaper.
            if (path == SimdPath.Scalar || weights.Radius > BoxBlur.MaxVectorRadius)
            {
                GaussianBlurScalar.Passes(src, dst, weights);
            }
            else
            {
                BoxBlur.Run(src, dst, weights, path);
            }
        }
    }

    internal static void ThrowIfInvalid(ReadOnlySpan2D<byte> src, Span2D<byte> dst, float radius)
    {
        if (!float.IsFinite(radius) || radius < 0 || radius > MaxRadius)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, $"The blur radius must be finite and in [0, {MaxRadius}].");
        }

        FilterGuard.ThrowIfInvalid(src, dst);
    }
}
