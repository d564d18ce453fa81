using CommunityToolkit.HighPerformance;
using Hpc.Simd.Filters;

namespace Hpc.Loader;

/// <summary>Gaussian blur (Pillow's extended box blur) with a uniform radius in [MinRadius, MaxRadius].</summary>
public sealed class GaussianBlurOp : IAugmentation
{
    /// <summary>Creates the op; 0 &lt;= min &lt;= max &lt;= 64.</summary>
    public GaussianBlurOp(double minRadius = 0.5, double maxRadius = 1.2)
    {
        if (!(minRadius >= 0 && minRadius <= maxRadius && maxRadius <= 64))
        {
            throw new ArgumentOutOfRangeException(nameof(minRadius), $"Need 0 <= minRadius ({minRadius}) <= maxRadius ({maxRadius}) <= 64.");
        }

        MinRadius = minRadius;
        MaxRadius = maxRadius;
    }

    /// <summary>Smallest radius.</summary>
    public double MinRadius { get; }

    /// <summary>Largest radius.</summary>
    public double MaxRadius { get; }

    /// <inheritdoc />
    public string Name => "gaussian-blur";

    /// <inheritdoc />
    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
        => GaussianBlur.Apply(src, dst, (float)rng.Uniform(MinRadius, MaxRadius));
}

/// <summary>Pillow's SHARPEN 3x3 filter.</summary>
public sealed class SharpenOp : IAugmentation
{
    /// <inheritdoc />
    public string Name => "sharpen";

    /// <inheritdoc />
    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng) => Sharpen.Apply(src, dst);
}

/// <summary>Pillow's SMOOTH 3x3 filter.</summary>
public sealed class SmoothOp : IAugmentation
{
    /// <inheritdoc />
    public string Name => "smooth";

    /// <inheritdoc />
    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng) => Smooth.Apply(src, dst);
}
