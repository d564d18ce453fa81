using ScottPlot;

namespace Hpc.Train.Cli.Reporting;

/// <summary>One epoch's numbers as the plots need them (decoupled from the trainer's record so plots can be redrawn from metrics.csv).</summary>
public readonly record struct EpochPoint(int Epoch, double TrainLoss, double TestLoss, double TrainAccuracy, double TestAccuracy);

/// <summary>Loss and accuracy curves per epoch, written as PNGs beside the run's metrics.</summary>
public static class EpochPlots
{
    public const string LossFile = "loss.png";
    public const string AccuracyFile = "accuracy.png";

    public static IReadOnlyList<string> Write(IReadOnlyList<EpochPoint> epochs, string runDir, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentException.ThrowIfNullOrEmpty(runDir);
        if (epochs.Count == 0)
            throw new ArgumentException("no epochs to plot", nameof(epochs));
        Directory.CreateDirectory(runDir);
        double[] x = [.. epochs.Select(e => (double)e.Epoch)];
        string loss = Path.Combine(runDir, LossFile);
        string accuracy = Path.Combine(runDir, AccuracyFile);
        // Loss falls and accuracy rises, so the legend goes where the curves are not.
        Draw(loss, "Loss per epoch", "cross-entropy", x,
            ("train", [.. epochs.Select(e => e.TrainLoss)]), ("test", [.. epochs.Select(e => e.TestLoss)]), Alignment.UpperRight, width, height);
        Draw(accuracy, "Accuracy per epoch", "accuracy (%)", x,
            ("train", [.. epochs.Select(e => 100 * e.TrainAccuracy)]), ("test", [.. epochs.Select(e => 100 * e.TestAccuracy)]), Alignment.LowerRight, width, height);
        return [loss, accuracy];
    }

    private static void Draw(string path, string title, string yLabel, double[] x,
        (string Name, double[] Y) a, (string Name, double[] Y) b, Alignment legend, int width, int height)
    {
        var plot = new Plot();
        foreach (var (name, y) in new[] { a, b })
        {
            // A run stopped mid-epoch or without a test pass reports NaN; leave those points out rather than fail.
            int[] keep = [.. Enumerable.Range(0, y.Length).Where(i => double.IsFinite(y[i]))];
            if (keep.Length == 0)
                continue;
            var series = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
            series.LegendText = name;
            series.MarkerSize = 6;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(legend);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.SavePng(path, width, height);
    }
}
