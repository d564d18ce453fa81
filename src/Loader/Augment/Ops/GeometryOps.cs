using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Loader;

/// <summary>Rotation by a uniform angle in [-MaxDegrees, MaxDegrees] about the centre (Pillow <c>rotate</c>).</summary>
public sealed class RotateOp(double maxDegrees = 15, Interpolation interpolation = Interpolation.Nearest) : IAugmentation
{
    /// <summary>Largest absolute angle in degrees.</summary>
    public double MaxDegrees { get; } = maxDegrees >= 0 && maxDegrees <= 360 ? maxDegrees : throw new ArgumentOutOfRangeException(nameof(maxDegrees), maxDegrees, "Must be in [0, 360].");

    /// <summary>Resampling filter.</summary>
    public Interpolation Interpolation { get; } = interpolation;

    /// <inheritdoc />
    public string Name => "rotate";

    /// <inheritdoc />
    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
        => Rotate.Apply(src, dst, rng.Uniform(-MaxDegrees, MaxDegrees), Interpolation);
}

/// <summary>Shear by uniform factors in [-MaxX, MaxX] and [-MaxY, MaxY] (Pillow affine (1, sx, 0, sy, 1, 0)).</summary>
public sealed class ShearOp(double maxX = 0.2, double maxY = 0, Interpolation interpolation = Interpolation.Nearest) : IAugmentation
{
    /// <summary>Largest absolute horizontal shear.</summary>
    public double MaxX { get; } = maxX >= 0 && maxX <= 4 ? maxX : throw new ArgumentOutOfRangeException(nameof(maxX), maxX, "Must be in [0, 4].");

    /// <summary>Largest absolute vertical shear.</summary>
    public double MaxY { get; } = maxY >= 0 && maxY <= 4 ? maxY : throw new ArgumentOutOfRangeException(nameof(maxY), maxY, "Must be in [0, 4].");

    /// <summary>Resampling filter.</summary>
    public Interpolation Interpolation { get; } = interpolation;

    /// <inheritdoc />
    public string Name => "shear";

    /// <inheritdoc />
    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
    {
        double sx = rng.Uniform(-MaxX, MaxX);
        double sy = rng.Uniform(-MaxY, MaxY);
        Shear.Apply(src, dst, sx, sy, Interpolation);
    }
}

/// <summary>
/// Bicubic shrink to a random size (a fraction in [MinScale, MaxScale] of the image, aspect kept) pasted at a random
/// position on a black canvas. The defaults are the classic 25..63 px for 64 px images, relative so 28 px works.
/// </summary>
public sealed class ScaleTranslateOp : IAugmentation
{
    /// <summary>Creates the op; 0 &lt; minScale &lt;= maxScale &lt;= 1.</summary>
    public ScaleTranslateOp(double minScale = 25.0 / 64, double maxScale = 63.0 / 64)
    {
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minScale), $"Need 0 < minScale ({minScale}) <= maxScale ({maxScale}) <= 1.");
        }

        MinScale = minScale;
        MaxScale = maxScale;
    }

    /// <summary>Smallest size as a fraction of the image.</summary>
    public double MinScale { get; }

    /// <summary>Largest size as a fraction of the image.</summary>
    public double MaxScale { get; }

    /// <inheritdoc />
    public string Name => "scale-translate";

    /// <inheritdoc />
    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
    {
        int w = dst.Width;
        int h = dst.Height;
        int lo = Math.Max(1, (int)Math.Round(MinScale * w));
        int hi = Math.Max(lo, (int)Math.Round(MaxScale * w));
        int sw = rng.NextInt(lo, hi);
        int sh = Math.Clamp((int)Math.Round(sw * (double)h / w), 1, h);
        int ox = rng.NextInt(0, w - sw);
        int oy = rng.NextInt(0, h - sh);
        ScaleTranslate.Apply(src, dst, sw, sh, ox, oy);
    }
}

/// <summary>
/// Sine warp: columns rolled by amplitude * sin(2 pi x frequency). Amplitude is a fraction of the height in
/// [MinAmplitude, MaxAmplitude]; the frequency gives [MinCycles, MaxCycles] periods across the width.
/// </summary>
public sealed class SineWarpOp : IAugmentation
{
    /// <summary>Creates the op.</summary>
    public SineWarpOp(double minAmplitude = 1.0 / 64, double maxAmplitude = 4.0 / 64, double minCycles = 0.5, double maxCycles = 2)
    {
        if (!(minAmplitude >= 0 && minAmplitude <= maxAmplitude && maxAmplitude <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minAmplitude), "Need 0 <= minAmplitude <= maxAmplitude <= 1.");
        }

        if (!(minCycles >= 0 && minCycles <= maxCycles && maxCycles <= 64))
        {
            throw new ArgumentOutOfRangeException(nameof(minCycles), "Need 0 <= minCycles <= maxCycles <= 64.");
        }

        MinAmplitude = minAmplitude;
        MaxAmplitude = maxAmplitude;
        MinCycles = minCycles;
        MaxCycles = maxCycles;
    }

    /// <summary>Smallest amplitude as a fraction of the height.</summary>
    public double MinAmplitude { get; }

    /// <summary>Largest amplitude as a fraction of the height.</summary>
    public double MaxAmplitude { get; }

    /// <summary>Fewest periods across the width.</summary>
    public double MinCycles { get; }

    /// <summary>Most periods across the width.</summary>
    public double MaxCycles { get; }

    /// <inheritdoc />
    public string Name => "sine-warp";

    /// <inheritdoc />
    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
    {
        double amplitude = rng.Uniform(MinAmplitude, MaxAmplitude) * dst.Height;
        double frequency = rng.Uniform(MinCycles, MaxCycles) / dst.Width;
        SineWarp.Apply(src, dst, amplitude, frequency);
    }
}

/// <summary>
/// The fast mode: rotation, shear and shrink-and-translate drawn together and applied as one bilinear warp
/// (Hpc.Simd <see cref="FusedAffine"/>; not Pillow-identical). Scale is a fraction of the size, the offset keeps
/// the shrunk image inside the canvas.
/// </summary>
public sealed class FusedAffineOp : IAugmentation
{
    /// <summary>Creates the op.</summary>
    public FusedAffineOp(double maxDegrees = 15, double maxShear = 0.2, double minScale = 25.0 / 64, double maxScale = 63.0 / 64)
    {
        if (!(maxDegrees >= 0 && maxDegrees <= 360))
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegrees), maxDegrees, "Must be in [0, 360].");
        }

        if (!(maxShear >= 0 && maxShear <= 4))
        {
            throw new ArgumentOutOfRangeException(nameof(maxShear), maxShear, "Must be in [0, 4].");
        }

        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minScale), $"Need 0 < minScale ({minScale}) <= maxScale ({maxScale}) <= 1.");
        }

        MaxDegrees = maxDegrees;
        MaxShear = maxShear;
        MinScale = minScale;
        MaxScale = maxScale;
    }

    /// <summary>Largest absolute angle in degrees.</summary>
    public double MaxDegrees { get; }

    /// <summary>Largest absolute horizontal shear.</summary>
    public double MaxShear { get; }

    /// <summary>Smallest scale.</summary>
    public double MinScale { get; }

    /// <summary>Largest scale.</summary>
    public double MaxScale { get; }

    /// <inheritdoc />
    public string Name => "fused-affine";

    /// <inheritdoc />
    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
    {
        double angle = rng.Uniform(-MaxDegrees, MaxDegrees);
        double shear = rng.Uniform(-MaxShear, MaxShear);
        double scale = rng.Uniform(MinScale, MaxScale);
        double ox = rng.NextDouble() * dst.Width * (1 - scale);
        double oy = rng.NextDouble() * dst.Height * (1 - scale);
        FusedAffine.Apply(src, dst, angle, shear, 0, scale, ox, oy);
    }
}
