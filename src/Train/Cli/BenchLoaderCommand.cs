using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hpc.Loader;
using Hpc.Simd;
using Hpc.Train.Training;
using Spectre.Console;

namespace Hpc.Train.Cli;

/// <summary>
/// <c>hpc bench-loader</c>: the loader alone, no model, at 1..N worker threads, so its scaling can be read apart
/// from the training step. Reports delivered images/s (originals and distorted copies alike).
/// </summary>
internal static class BenchLoaderCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var d = new TrainOptions();
        var imageSize = CliOptions.Int("--image-size", "Side of the delivered images.", 64, 8, 512);
        var batch = CliOptions.Int("--batch-size", "Images per batch.", 256, 1, 65_536);
        var dtype = CliOptions.Choice("--dtype", "Element type of the batch: f32, f16, bf16 or u8.", "f16", "f32", "f16", "bf16", "u8");
        var seconds = CliOptions.PositiveDouble("--seconds", "Measured time per thread count.", 3);
        var maxThreads = CliOptions.Int("--max-threads", "Highest worker count to try (default: all cores).", Environment.ProcessorCount, 1, 4096);
        var seed = CliOptions.UInt64("--seed", "Loader seed.", d.Seed);
        var noAugment = new Option<bool>("--no-augment") { Description = "Originals only (measures packing and conversion alone)." };
        var dataDir = CliOptions.DataDir();
        var cacheDir = CliOptions.CacheDir();

        var command = new Command("bench-loader", "Loader throughput alone at 1..N threads (images/s, scaling efficiency).")
        {
            imageSize, batch, dtype, seconds, maxThreads, seed, noAugment, dataDir, cacheDir,
        };
        command.SetAction(r =>
        {
            var settings = new BenchSettings(r.GetValue(imageSize), r.GetValue(batch), ParseElementType(r.GetValue(dtype)!),
                TimeSpan.FromSeconds(r.GetValue(seconds)), r.GetValue(maxThreads), r.GetValue(seed), !r.GetValue(noAugment));
            return Execute(console, settings, r.GetValue(dataDir)!, r.GetValue(cacheDir));
        });
        return command;
    }

    internal sealed record BenchSettings(int ImageSize, int BatchSize, BatchElementType ElementType, TimeSpan Duration, int MaxThreads, ulong Seed, bool Augment);

    internal sealed record BenchRow(int Threads, long Images, double Seconds)
    {
        public double ImagesPerSecond => Images / Seconds;
    }

    internal static BatchElementType ParseElementType(string name) => name switch
    {
        "f32" => BatchElementType.Float32,
        "f16" => BatchElementType.Float16,
        "bf16" => BatchElementType.BFloat16,
        "u8" => BatchElementType.UInt8,
        _ => throw new UsageException($"--dtype: unknown element type '{name}' (f32, f16, bf16 or u8)"),
    };

    private static int Execute(IAnsiConsole console, BenchSettings s, string dataDir, string? cacheDir)
    {
        PreparedDataset prepared = DatasetLocator.Prepare(dataDir, s.ImageSize, cacheDir, console.Note);
        using Dataset dataset = Dataset.OpenPacked(prepared.TrainPacked);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]loader benchmark[/]: {dataset.Count:N0} images {dataset.Width}x{dataset.Height}, batch {s.BatchSize}, {s.ElementType}, " +
            $"{(s.Augment ? "half distorted" : "originals only")}, SIMD {SimdDispatch.Best}, {s.Duration.TotalSeconds:0.#} s per thread count"));

        var rows = new List<BenchRow>();
        console.Status().Start("warming up", status =>
        {
            for (int t = 1; t <= s.MaxThreads; t++)
            {
                status.Status($"{t} thread{(t == 1 ? "" : "s")}");
                rows.Add(Measure(dataset, s, t));
            }
        });
        Print(console, rows);
        return ExitCodes.Ok;
    }

    internal static BenchRow Measure(Dataset dataset, BenchSettings s, int threads)
    {
        var options = new LoaderOptions
        {
            BatchSize = s.BatchSize,
            Threads = threads,
            Seed = s.Seed,
            ElementType = s.ElementType,
            DropLast = true,
            Policy = s.Augment ? AugmentationPolicy.Classic() : AugmentationPolicy.None,
        };
        using var loader = new BatchLoader(dataset, options);
        // One batch first so thread start-up and page faults on the mapped file are not timed.
        using (loader.Next()) { }
        long images = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < s.Duration)
        {
            using Batch batch = loader.Next();
            images += batch.Count;
        }
        return new BenchRow(threads, images, clock.Elapsed.TotalSeconds);
    }

    internal static void Print(IAnsiConsole console, IReadOnlyList<BenchRow> rows)
    {
        var table = new Table().RoundedBorder();
        table.AddColumn(new TableColumn("threads").RightAligned());
        table.AddColumn(new TableColumn("images/s").RightAligned());
        table.AddColumn(new TableColumn("speed-up").RightAligned());
        table.AddColumn(new TableColumn("efficiency").RightAligned());
        table.AddColumn(new TableColumn("images").RightAligned());
        double baseline = rows[0].ImagesPerSecond;
        foreach (var row in rows)
        {
            double speedup = row.ImagesPerSecond / baseline;
            table.AddRow(
                row.Threads.ToString(CultureInfo.InvariantCulture),
                row.ImagesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                speedup.ToString("0.00", CultureInfo.InvariantCulture) + "x",
                (100 * speedup / row.Threads).ToString("0", CultureInfo.InvariantCulture) + "%",
                row.Images.ToString("N0", CultureInfo.InvariantCulture));
        }
        console.Write(table);
    }
}
