using System.Diagnostics;
using System.Globalization;
using Hpc.Loader;
using Hpc.Train.Interop;

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
    public const string InstallCommand = "sudo apt-get install -y " + AptPackage;

    private static readonly string[] Stems = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>$XDG_CACHE_HOME/hpc, else ~/.cache/hpc.</summary>
    public static string DefaultCacheDir
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = !string.IsNullOrEmpty(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "hpc");
        }
    }

    /// <summary>
    /// The IDX files in <paramref name="dataDir"/>. If they are missing from the Debian default folder: installs
    /// the dataset-fashion-mnist package with apt-get when running as root, otherwise throws
    /// <see cref="FileNotFoundException"/> giving the command to run.
    /// </summary>
    public static FashionMnistFiles Locate(string dataDir, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        FashionMnistFiles? found = TryLocate(dataDir, out string missing);
        if (found is not null)
        {
            return found;
        }

        bool isDefault = Path.GetFullPath(dataDir).TrimEnd('/') == DefaultDataDir;
        if (!isDefault)
        {
            throw new FileNotFoundException(
                $"Fashion-MNIST file '{missing}' (or '{missing}.gz') not found in '{dataDir}'. Put the four IDX files there, " +
                $"or omit the data folder to use {DefaultDataDir} (package {AptPackage}: {InstallCommand}).",
                Path.Combine(dataDir, missing));
        }

        if (!Posix.IsRoot)
        {
            throw new FileNotFoundException(
                $"Fashion-MNIST is not installed ('{Path.Combine(dataDir, missing)}' is missing). Install it with: {InstallCommand}",
                Path.Combine(dataDir, missing));
        }

        log?.Invoke($"Fashion-MNIST not found in {dataDir}; installing {AptPackage} with apt-get");
        if (RunApt("install", "-y", AptPackage) != 0)
        {
            // A fresh container may have no package lists yet.
            RunApt("update");
            int rc = RunApt("install", "-y", AptPackage);
            if (rc != 0)
            {
                throw new FileNotFoundException(
                    $"Fashion-MNIST is missing from {dataDir} and 'apt-get install -y {AptPackage}' failed (exit code {rc}).",
                    Path.Combine(dataDir, missing));
            }
        }

        return TryLocate(dataDir, out missing)
            ?? throw new FileNotFoundException($"{AptPackage} was installed but '{Path.Combine(dataDir, missing)}' is still missing.",
                Path.Combine(dataDir, missing));
    }

    /// <summary>
    /// Locates the IDX files and packs both splits at <paramref name="imageSize"/> into the cache folder. A cached
    /// file is reused when it is newer than its source; otherwise it is rebuilt (write to a temporary file, then rename).
    /// </summary>
    public static PreparedDataset Prepare(string dataDir, int imageSize, string? cacheDir = null, Action<string>? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        FashionMnistFiles files = Locate(dataDir, log);
        string cache = cacheDir ?? DefaultCacheDir;
        Directory.CreateDirectory(cache);
        string train = PackedPath(cache, files.TrainImages, "train", imageSize);
        string test = PackedPath(cache, files.TestImages, "test", imageSize);
        PackIfStale(files.TrainImages, files.TrainLabels, train, imageSize, log);
        PackIfStale(files.TestImages, files.TestLabels, test, imageSize, log);
        return new PreparedDataset(train, test, imageSize, files);
    }

    /// <summary>Rebuilds a packed file that failed to open (e.g. a cache file damaged on disk).</summary>
    internal static void Repack(string imagesIdx, string labelsIdx, string packed, int imageSize, Action<string>? log)
    {
        log?.Invoke($"rebuilding {packed}");
        File.Delete(packed);
        PackedFile.Prepare(imagesIdx, labelsIdx, packed, imageSize);
    }

    private static FashionMnistFiles? TryLocate(string dataDir, out string missing)
    {
        var paths = new string[Stems.Length];
        for (int i = 0; i < Stems.Length; i++)
        {
            string plain = Path.Combine(dataDir, Stems[i]);
            string gz = plain + ".gz";
            paths[i] = File.Exists(plain) ? plain : File.Exists(gz) ? gz : "";
            if (paths[i].Length == 0)
            {
                missing = Stems[i];
                return null;
            }
        }

        missing = "";
        return new FashionMnistFiles(paths[0], paths[1], paths[2], paths[3]);
    }

    private static string PackedPath(string cache, string sourceImages, string split, int size)
    {
        // The source identity is in the name, so a different data folder never reuses another's cache.
        var info = new FileInfo(sourceImages);
        ulong key = Fnv1a(Path.GetFullPath(sourceImages)) ^ (ulong)info.Length;
        return Path.Combine(cache, string.Create(CultureInfo.InvariantCulture, $"fashion-mnist-{split}-{size}x{size}-{key:x16}.hpcpack"));
    }

    private static void PackIfStale(string images, string labels, string packed, int size, Action<string>? log)
    {
        if (File.Exists(packed)
            && File.GetLastWriteTimeUtc(packed) >= File.GetLastWriteTimeUtc(images)
            && File.GetLastWriteTimeUtc(packed) >= File.GetLastWriteTimeUtc(labels))
        {
            return;
        }

        log?.Invoke($"packing {Path.GetFileName(images)} at {size}x{size} into {packed}");
        PackedFile.Prepare(images, labels, packed, size);
    }

    private static ulong Fnv1a(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    private static int RunApt(params string[] args)
    {
        var psi = new ProcessStartInfo("apt-get") { UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("could not start apt-get");
        p.WaitForExit();
        return p.ExitCode;
    }
}
