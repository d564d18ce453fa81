using System.CommandLine;
using Hpc.Train.Cli.Reporting;
using Hpc.Train.Training;
using Spectre.Console;

namespace Hpc.Train.Cli;

/// <summary><c>hpc train</c>: prepares Fashion-MNIST if needed, trains with live progress, writes plots.</summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var d = new TrainOptions();
        var epochs = CliOptions.Int("--epochs", "Epochs to train.", d.Epochs, 1, 10_000);
        var batch = CliOptions.Int("--batch-size", "Images per step.", d.BatchSize, 1, 65_536);
        var threads = CliOptions.Int("--threads", "CPU threads for the whole run (loader + TorchSharp).", d.Threads, 1, 4096);
        var loaderThreads = CliOptions.OptionalInt("--loader-threads", "Loader worker threads (default: 1 on CPU, --threads on CUDA).", 1, 4096);
        var torchThreads = CliOptions.OptionalInt("--torch-threads", "TorchSharp intra-op threads (default: --threads on CPU, 1 on CUDA).", 1, 4096);
        var seed = CliOptions.UInt64("--seed", "Seed for model init, data order and augmentation.", d.Seed);
        var lr = CliOptions.PositiveDouble("--lr", "Peak learning rate (one-cycle AdamW).", d.LearningRate);
        var device = CliOptions.Device();
        var output = new Option<string>("--output") { Description = "Run folder (checkpoint, model, metrics, plots).", DefaultValueFactory = _ => d.OutputDir };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --output." };
        var imageSize = CliOptions.Int("--image-size", "Side of the square network input (28 = native Fashion-MNIST).", d.ImageSize, 8, 512);
        var maxSteps = CliOptions.OptionalInt("--max-steps", "Cap on steps per epoch (smoke runs).", 1);
        var noAugment = new Option<bool>("--no-augment") { Description = "Train on originals only (no distortions)." };
        var dataDir = CliOptions.DataDir();
        var cacheDir = CliOptions.CacheDir();

        var command = new Command("train", "Train the CNN on Fashion-MNIST with the fast loader.")
        {
            epochs, batch, threads, loaderThreads, torchThreads, seed, lr, device, output, resume, imageSize, maxSteps,
            noAugment, dataDir, cacheDir,
        };
        command.SetAction(r =>
        {
            var options = d with
            {
                Epochs = r.GetValue(epochs),
                BatchSize = r.GetValue(batch),
                Threads = r.GetValue(threads),
                LoaderThreads = r.GetValue(loaderThreads),
                TorchThreads = r.GetValue(torchThreads),
                Seed = r.GetValue(seed),
                LearningRate = r.GetValue(lr),
                Device = r.GetValue(device)!,
                OutputDir = r.GetValue(output)!,
                Resume = r.GetValue(resume),
                ImageSize = r.GetValue(imageSize),
                MaxStepsPerEpoch = r.GetValue(maxSteps),
                Augment = !r.GetValue(noAugment),
                DataDir = r.GetValue(dataDir)!,
                CacheDir = r.GetValue(cacheDir),
            };
            return Execute(console, options, r.GetValue(HpcCli.Verbose));
        });
        return command;
    }

    private static int Execute(IAnsiConsole console, TrainOptions options, bool verbose)
    {
        if (options.Resume && !Directory.Exists(options.OutputDir))
            throw new UsageException($"--resume: run folder '{options.OutputDir}' does not exist (set --output to the run to continue)");

        // Fetch/pack before the progress display starts, so apt-get or packing messages are not mixed into it.
        console.MarkupLine($"[grey]dataset:[/] {Markup.Escape(options.DataDir)} at {options.ImageSize}x{options.ImageSize}");
        PreparedDataset prepared = DatasetLocator.Prepare(options.DataDir, options.ImageSize, options.CacheDir,
            console.Note);
        if (verbose)
            console.Note($"packed: {prepared.TrainPacked}, {prepared.TestPacked}");

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C asks the trainer to checkpoint and stop; a second one kills the process as usual.
            if (cts.IsCancellationRequested)
                return;
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var observer = new ProgressObserver(console);
        TrainResult? result = null;
        try
        {
            console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                // The description carries the live numbers; on an 80-column terminal the bar must shrink to leave
                // them room, or Spectre wraps every column onto several lines.
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left },
                    new ProgressBarColumn { Width = console.Profile.Width >= 120 ? 40 : 10 },
                    new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    observer.Attach(ctx);
                    result = Trainer.Run(options, observer, cts.Token);
                });
        }
        catch (OperationCanceledException)
        {
            WritePlots(console, observer.Epochs, options.OutputDir);
            string where = observer.LastCheckpoint ?? options.OutputDir;
            console.MarkupLine($"[yellow]stopped[/]: checkpoint {Markup.Escape(where)}; to continue, run the same command with [bold]--resume[/]");
            return ExitCodes.Cancelled;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        TrainSummary.Print(console, result!);
        WritePlots(console, observer.Epochs, result!.RunDir);
        return ExitCodes.Ok;
    }

    private static void WritePlots(IAnsiConsole console, IReadOnlyList<EpochMetrics> epochs, string runDir)
    {
        string csv = Path.Combine(runDir, MetricsCsv.FileName);
        IReadOnlyList<EpochPoint> points = File.Exists(csv)
            ? MetricsCsv.Read(csv)
            : [.. epochs.Select(e => new EpochPoint(e.Epoch + 1, e.TrainLoss, e.TestLoss, e.TrainAccuracy, e.TestAccuracy))];
        if (points.Count == 0)
            return;
        var files = EpochPlots.Write(points, runDir);
        console.MarkupLine($"[grey]plots:[/] {Markup.Escape(string.Join(", ", files))}");
    }
}
