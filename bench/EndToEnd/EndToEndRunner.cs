using System.Diagnostics;
using System.Globalization;
using Hpc.Bench.Infrastructure;
using Hpc.Loader;
using Hpc.Simd.Conversion;

namespace Hpc.Bench.EndToEnd;

/// <summary>
/// The loader's delivered rate, end to end: the real <see cref="BatchLoader"/> over Fashion-MNIST upscaled to
/// 64x64, the classic augmentation policy (half of each batch distorted by default), float16 batches, consumed as fast as they come. BenchmarkDotNet does not
/// fit here (one operation is seconds of multi-threaded work), so this is a plain Stopwatch host.
/// </summary>
internal static class EndToEndRunner
{
    private const double TargetImagesPerSecondTwoThreads = 600_000;
    private const double TargetScaling = 0.90;

    public static int Run(IReadOnlyList<string> args)
    {
        if (!VerbArguments.TryParse(args, EndToEndOptions.Parse, out EndToEndOptions options))
        {
            return 2;
        }

        var packed = PreparePacked(options);
        using var dataset = Dataset.OpenPacked(packed, DatasetOpenMode.Load);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"e2e: {dataset.Count} images {dataset.Height}x{dataset.Width} from {packed}, batch {options.BatchSize}, float16, classic policy ({options.Layout}), seed {options.Seed}, {options.Seconds:F1} s per thread count"));

        var rows = new List<(int Threads, double ImagesPerSecond, long Images, double Seconds)>();
        foreach (var threads in options.Threads)
        {
            var (images, seconds) = Measure(dataset, options, threads);
            rows.Add((threads, images / seconds, images, seconds));
        }

        Print(rows);
        return 0;
    }

    private static string PreparePacked(EndToEndOptions options)
    {
        Directory.CreateDirectory(options.CacheDirectory);
        var path = Path.Combine(options.CacheDirectory, $"fashion-mnist-train-{options.Size}.hpk");
        if (!File.Exists(path))
        {
            var sw = Stopwatch.StartNew();
            PackedFile.Prepare(
                Path.Combine(options.DataDirectory, "train-images-idx3-ubyte.gz"),
                Path.Combine(options.DataDirectory, "train-labels-idx1-ubyte.gz"),
                path,
                options.Size);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prepared {path} in {sw.Elapsed.TotalSeconds:F1} s"));
        }

        return path;
    }

    private static (long Images, double Seconds) Measure(Dataset dataset, EndToEndOptions options, int threads)
    {
        var loaderOptions = new LoaderOptions
        {
            BatchSize = options.BatchSize,
            Threads = threads,
            Seed = options.Seed,
            ElementType = BatchElementType.Float16,
            Normalization = Normalization.UnitRange,
            DropLast = true,
            Policy = AugmentationPolicy.Classic(options.Layout),
        };
        using var loader = new BatchLoader(dataset, loaderOptions);

        // Warm-up: JIT, first touch of the ring buffers, thread start. Not counted.
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < Math.Min(1.0, options.Seconds / 4))
        {
            using var batch = loader.Next();
        }

        var before = loader.Summary;
        long images = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < options.Seconds)
        {
            using var batch = loader.Next();
            images += batch.Count;
        }

        var seconds = sw.Elapsed.TotalSeconds;
        PrintBreakdown(threads, seconds, before, loader.Summary);
        return (images, seconds);
    }

    /// <summary>
    /// Where the worker time went during the timed window (the loader's own per-op clocks), and how long the
    /// consumer waited: a consumer that never waits means the loader outran it, which does not happen here.
    /// </summary>
    private static void PrintBreakdown(int threads, double seconds, LoaderSummary before, LoaderSummary after)
    {
        var workerSeconds = threads * seconds;
        var parts = after.PerOpTime
            .Select(kv => (Op: kv.Key, Seconds: (kv.Value - before.PerOpTime.GetValueOrDefault(kv.Key)).TotalSeconds))
            .Where(p => p.Seconds > 0)
            .OrderByDescending(p => p.Seconds)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Op} {p.Seconds / workerSeconds:P1}"));
        var wait = (after.ConsumerWait - before.ConsumerWait).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {threads} thread(s): share of worker time per op: {string.Join(", ", parts)}; consumer waited {wait / seconds:P1} of the run"));
    }

    private static void Print(List<(int Threads, double ImagesPerSecond, long Images, double Seconds)> rows)
    {
        var single = rows.FirstOrDefault(r => r.Threads == 1).ImagesPerSecond;
        Console.WriteLine();
        Console.WriteLine("| threads | images/s | images | seconds | scaling efficiency |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var (threads, ips, images, seconds) in rows)
        {
            var efficiency = single > 0 ? (ips / (threads * single)).ToString("P1", CultureInfo.InvariantCulture) : "n/a (no 1-thread run)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {threads} | {ips:N0} | {images:N0} | {seconds:F2} | {efficiency} |"));
        }

        var two = rows.FirstOrDefault(r => r.Threads == 2);
        if (two.Threads == 2)
        {
            var rate = two.ImagesPerSecond >= TargetImagesPerSecondTwoThreads ? "met" : "NOT met";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"targets: >= {TargetImagesPerSecondTwoThreads:N0} images/s with 2 threads: {rate}");
            if (single > 0)
            {
                var scaling = two.ImagesPerSecond / (2 * single) >= TargetScaling ? "met" : "NOT met";
                line += string.Create(CultureInfo.InvariantCulture, $"; >= {TargetScaling:P0} scaling: {scaling}");
            }

            Console.WriteLine(line);
        }
    }
}
