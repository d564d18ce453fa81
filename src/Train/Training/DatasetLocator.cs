namespace Hpc.Train.Training;

/// <summary>The four IDX files of Fashion-MNIST (plain or .gz).</summary>
public sealed record FashionMnistFiles(string TrainImages, string TrainLabels, string TestImages, string TestLabels);

/// <summary>Packed, resized copies of both splits, ready for <c>Dataset.OpenPacked</c>.</summary>
public sealed record PreparedDataset(string TrainPacked, string TestPacked, int ImageSize, FashionMnistFiles Source);

/// <summary>Finds Fashion-MNIST and prepares the packed files the loader maps.</summary>
public static class DatasetLocator
{
    public const string DefaultDataDir = "/usr/share/datasets/fashion-mnist";
    public const string AptPackage = "dataset-fashion-mnist";

    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>~/.cache/hpc (or $XDG_CACHE_HOME/hpc).</summary>
    public static string DefaultCacheDir => throw new NotSupportedException("API placeholder");

    /// <summary>
    /// The IDX files in <paramref name="dataDir"/>. If they are missing and dataDir is the Debian default: runs
    /// <c>apt-get install -y dataset-fashion-mnist</c> when root, else throws FileNotFoundException with that command.
    /// </summary>
    public static FashionMnistFiles Locate(string dataDir, Action<string>? log = null)
        => throw new NotSupportedException("API placeholder");

    /// <summary>Locates the IDX files and packs both splits at <paramref name="imageSize"/> into the cache (reused when up to date).</summary>
    public static PreparedDataset Prepare(string dataDir, int imageSize, string? cacheDir = null, Action<string>? log = null)
        => throw new NotSupportedException("API placeholder");
}
