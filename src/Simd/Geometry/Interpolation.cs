namespace Hpc.Simd.Geometry;

/// <summary>How a warp samples the source between pixel centres.</summary>
public enum Interpolation
{
    /// <summary>Pillow NEAREST: the source pixel whose cell contains the sample point.</summary>
    Nearest = 0,

    /// <summary>Pillow-style BILINEAR on the 2x2 neighbourhood, edges clamped; computed in fixed point.</summary>
    Bilinear = 1,
}
