namespace Hpc.Simd.Conversion;

/// <summary>
/// Per-pixel normalisation applied while converting bytes to tensor elements:
/// value = src * (Scale / Std) + (-Mean / Std), evaluated in float32 as exactly one multiply then one add (never a
/// fused multiply-add), so every ISA path produces the same bits.
/// </summary>
/// <param name="Scale">Factor applied to the raw byte first (1/255 maps bytes to [0, 1]).</param>
/// <param name="Mean">Mean subtracted after scaling.</param>
/// <param name="Std">Standard deviation divided by after subtracting the mean; must not be zero.</param>
public readonly record struct Normalization(float Scale, float Mean, float Std)
{
    /// <summary>Bytes to [0, 1]: (1/255, 0, 1).</summary>
    public static Normalization UnitRange { get; } = new(1f / 255f, 0f, 1f);

    /// <summary>The float32 multiplier Scale / Std every path uses.</summary>
    public float Multiplier => Scale / Std;

    /// <summary>The float32 addend -Mean / Std every path uses.</summary>
    public float Offset => -Mean / Std;

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when the
    /// normalisation cannot produce finite values (zero or non-finite Std, non-finite Scale or Mean, or a
    /// multiplier/offset that overflows float32).</summary>
    public void ThrowIfInvalid(string parameterName)
    {
        if (!float.IsFinite(Scale) || !float.IsFinite(Mean) || !float.IsFinite(Std))
        {
            throw new ArgumentException($"Normalization {this} must have finite Scale, Mean and Std.", parameterName);
        }

        if (Std == 0)
        {
            throw new ArgumentException($"Normalization {this} has Std = 0.", parameterName);
        }

        if (!float.IsFinite(Multiplier) || !float.IsFinite(Offset) || !float.IsFinite(255f * Multiplier + Offset))
        {
            throw new ArgumentException($"Normalization {this} overflows float32 (Scale/Std or Mean/Std too large).", parameterName);
        }
    }
}
