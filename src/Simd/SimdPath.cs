namespace Hpc.Simd;

/// <summary>The instruction-set path a kernel runs on. Ordered from narrowest to widest.</summary>
public enum SimdPath
{
    /// <summary>Plain scalar code: the readable reference every other path must match bit for bit.</summary>
    Scalar = 0,
    /// <summary>128-bit vectors (SSE4 / AdvSimd).</summary>
    Vector128 = 1,
    /// <summary>256-bit vectors (AVX2).</summary>
    Vector256 = 2,
    /// <summary>512-bit vectors (AVX-512 F/BW, VBMI where present).</summary>
    Vector512 = 3,
}
