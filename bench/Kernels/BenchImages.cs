namespace Hpc.Bench.Kernels;

/// <summary>Inputs and parameters shared by the C# benchmarks and native/opencv-bench/main.cpp (keep them equal).</summary>
internal static class BenchImages
{
    public const double RotateDegrees = 15.0;
    public const double ShearX = 0.2;
    public const double ShearY = 0.1;
    public const double Scale = 0.8;
    public const double SineAmplitude = 3.0;
    public const double SineFrequency = 1.0 / 32;
    public const float GaussianRadius = 1.0f;

    /// <summary>
    /// Random bytes, not a smooth photo: none of the kernels branches on pixel values, and noise keeps any
    /// accidental data-dependence (e.g. a skipped zero row) from flattering a path.
    /// </summary>
    public static byte[] Random(int size, int seed)
    {
        var image = new byte[size * size];
        new Random(seed).NextBytes(image);
        return image;
    }

    /// <summary>The scaled size and centring offset of the scale-translate benchmark.</summary>
    public static (int Scaled, int Offset) ScaleTranslateGeometry(int size)
    {
        var scaled = (int)Math.Round(size * Scale, MidpointRounding.AwayFromZero);
        return (scaled, (size - scaled) / 2);
    }
}
