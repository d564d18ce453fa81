using Hpc.Simd.Conversion;

namespace Hpc.Train.Training;

/// <summary>Dataset constants shared by training, evaluation and the CLI's previews.</summary>
public static class FashionMnist
{
    public const int Classes = 10;

    /// <summary>Pixel mean and standard deviation of the Fashion-MNIST training split (in 0..1 units).</summary>
    public static Normalization Normalization { get; } = new(1f / 255f, 0.2860f, 0.3530f);
}
