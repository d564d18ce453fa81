namespace Hpc.Simd.Filters;

/// <summary>
/// The fixed-point weights of one extended box-blur pass, derived exactly as Pillow 9.4 does (BoxBlur.c), so that
/// every intermediate rounding matches: output = (window * Whole + (farLeft + farRight) * Fraction + 2^23) >> 24,
/// where window is the sum of the 2*Radius+1 nearest pixels (edges replicated) and the two far pixels sit just
/// outside it.
/// </summary>
internal readonly record struct BoxBlurWeights(int Radius, uint Whole, uint Fraction)
{
    /// <summary>Pillow's ImageFilter.GaussianBlur always runs three box passes per direction.</summary>
    public const int Passes = 3;

    public const uint Half = 1u << 23;

    public const int Shift = 24;

    /// <summary>
    /// What Pillow's truncations leave of 2^24 in a three-tap pass (radius 0): 2^24 - Whole - 2 * Fraction, which is
    /// 0 or 1 there. The exactness proofs of the vector passes (<see cref="BoxPassRounded.IsExact"/>,
    /// <see cref="BoxBlurWordsProof.TryPass(BoxBlurWeights, out WordPass)"/>) start from it.
    /// </summary>
    public long Remainder => (1L << Shift) - Whole - (2L * Fraction);

    public static BoxBlurWeights FromGaussianRadius(float radius)
    {
        float boxRadius = BoxRadius(radius, Passes);
        int whole = (int)boxRadius;
        // Pillow divides in float and truncates; the fraction weight absorbs what the whole taps leave of 2^24.
        uint ww = (uint)(16777216f / (boxRadius * 2 + 1));
        uint fw = (uint)((1u << Shift) - (uint)(whole * 2 + 1) * ww) / 2;
        return new BoxBlurWeights(whole, ww, fw);
    }

    // Gwosdek et al., "Theoretical foundations of Gaussian convolution by extended box filtering" eq. 7, 11, 14,
    // evaluated with Pillow's mix of float and double so the float result is bit-identical.
    private static float BoxRadius(float radius, int passes)
    {
        float sigma2 = radius * radius / passes;
        float boxLength = (float)Math.Sqrt(12.0 * sigma2 + 1.0);
        float l = (float)Math.Floor((boxLength - 1.0) / 2.0);
        float a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
        a /= 6 * (sigma2 - (l + 1) * (l + 1));
        return l + a;
    }
}
