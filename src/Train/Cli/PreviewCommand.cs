using System.CommandLine;
using System.Globalization;
using Hpc.Loader;
using Hpc.Train.Cli.Imaging;
using Hpc.Train.Cli.Preview;
using Hpc.Train.Training;
using Spectre.Console;

namespace Hpc.Train.Cli;

/// <summary>
/// <c>hpc preview</c>: a contact sheet of originals beside their distorted copies. The loader is built exactly as
/// the trainer builds it (same seed, batch size, policy, image size), and the distorted copies are the loader's own
/// replay of the first distorted slots of the chosen epoch, so the sheet shows what training will see.
/// </summary>
internal static class PreviewCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var d = new TrainOptions();
        var seed = CliOptions.UInt64("--seed", "Seed of the run to preview.", d.Seed);
        var count = CliOptions.Int("--count", "Pairs on the sheet.", 16, 1, 1024);
        var imageSize = CliOptions.OptionalInt("--image-size", $"Side of the training images (default {d.ImageSize}, or the --dataset file's size).", 8, 512);
        var output = new Option<string>("--output") { Description = "PNG to write.", DefaultValueFactory = _ => "preview.png" };
        var epoch = CliOptions.Int("--epoch", "Epoch to preview (0-based).", 0, 0);
        var batch = CliOptions.Int("--batch-size", "Training batch size (decides which samples land in the distorted slots).", d.BatchSize, 2, 65_536);
        var zoom = CliOptions.Int("--zoom", "Pixel magnification of the sheet.", 3, 1, 16);
        var dataDir = CliOptions.DataDir();
        var cacheDir = CliOptions.CacheDir();
        var dataset = CliOptions.Path("--dataset", "A packed file to preview instead of Fashion-MNIST.");

        var command = new Command("preview", "Contact sheet PNG of originals beside the distorted copies training will see for a seed.")
        {
            seed, count, imageSize, output, epoch, batch, zoom, dataDir, cacheDir, dataset,
        };
        command.SetAction(r =>
        {
            string? packed = r.GetValue(dataset);
            int? size = r.GetValue(imageSize);
            if (packed is not null && !File.Exists(packed))
                throw new UsageException($"--dataset: file not found: {packed}");
            if (packed is null)
            {
                size ??= d.ImageSize;
                packed = DatasetLocator.Prepare(r.GetValue(dataDir)!, size.Value, r.GetValue(cacheDir),
                    console.Note).TrainPacked;
            }
            var request = new PreviewRequest(packed, r.GetValue(seed), r.GetValue(epoch), r.GetValue(count), size, r.GetValue(batch), r.GetValue(zoom));
            PreviewResult result = Render(request);
            GrayPng.Write(result.Sheet, r.GetValue(output)!);
            Print(console, result, r.GetValue(output)!);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal sealed record PreviewRequest(string PackedPath, ulong Seed, int Epoch, int Count, int? ImageSize, int BatchSize, int Zoom);

    internal sealed record PreviewSample(int Sample, int Label, int BatchIndex, int Slot);

    internal sealed record PreviewResult(GrayImage Sheet, ContactSheetLayout Layout, IReadOnlyList<PreviewSample> Samples, IReadOnlyList<string> ClassNames);

    internal static PreviewResult Render(PreviewRequest q)
    {
        using Dataset dataset = Dataset.OpenPacked(q.PackedPath);
        int size = q.ImageSize ?? dataset.Height;
        var options = new LoaderOptions
        {
            BatchSize = q.BatchSize,
            Threads = 1,
            Seed = q.Seed,
            ElementType = BatchElementType.UInt8,
            OutputHeight = size,
            OutputWidth = size,
        };
        using var loader = new BatchLoader(dataset, options);

        // Walk the epoch's slots in order and keep the distorted ones: these are the first distorted images the
        // trainer receives in that epoch.
        var samples = new List<PreviewSample>();
        for (int b = 0; b < loader.BatchesPerEpoch && samples.Count < q.Count; b++)
        {
            for (int slot = 0; slot < q.BatchSize && samples.Count < q.Count; slot++)
            {
                var (sample, distorted) = loader.SampleAt(q.Epoch, b, slot);
                if (distorted)
                    samples.Add(new PreviewSample(sample, dataset.Label(sample), b, slot));
            }
        }
        if (samples.Count == 0)
            throw new InvalidDataException($"{q.PackedPath}: the loader's policy distorts no sample ({loader.Policy.Layout})");

        var originals = new List<byte[]>(samples.Count);
        var copies = new List<byte[]>(samples.Count);
        foreach (var s in samples)
        {
            var image = dataset.Image(s.Sample);
            var pixels = new byte[image.Height * image.Width];
            image.CopyTo(pixels);
            originals.Add(pixels);
            copies.Add(loader.ReplaySample(q.Epoch, s.Sample, distorted: true));
        }
        var layout = ContactSheetLayout.Create(samples.Count, dataset.Width, dataset.Height, size, size, q.Zoom);
        IReadOnlyList<string> names = dataset.NumClasses == DatasetLocator.ClassNames.Count
            ? DatasetLocator.ClassNames
            : [.. Enumerable.Range(0, dataset.NumClasses).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        return new PreviewResult(ContactSheet.Compose(layout, originals, copies), layout, samples, names);
    }

    private static void Print(IAnsiConsole console, PreviewResult result, string path)
    {
        console.MarkupLine($"[green]wrote[/] {Markup.Escape(path)} ({result.Sheet.Width}x{result.Sheet.Height}): {result.Samples.Count} pairs, original left, distorted right, {result.Layout.PairsPerRow} pairs per row");
        var table = new Table().RoundedBorder();
        table.AddColumns("#", "sample", "label", "batch", "slot");
        for (int i = 0; i < result.Samples.Count; i++)
        {
            var s = result.Samples[i];
            string label = s.Label < result.ClassNames.Count ? result.ClassNames[s.Label] : s.Label.ToString(CultureInfo.InvariantCulture);
            table.AddRow(I(i + 1), I(s.Sample), Markup.Escape(label), I(s.BatchIndex), I(s.Slot));
        }
        console.Write(table);
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
