using Hpc.Train.Cli;
using Hpc.Train.Training;

namespace Hpc.Train.Tests.Cli;

public class ReportPrintingTests
{
    private static string Render(Action<Spectre.Console.IAnsiConsole> print, int width)
    {
        using var writer = new StringWriter();
        var console = CliHarness.PlainConsole(writer);
        console.Profile.Width = width;
        print(console);
        return writer.ToString();
    }

    [Fact]
    public void ConfusionMatrixOfTenClassesFitsEightyColumns()
    {
        var confusion = new long[10, 10];
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
                confusion[i, j] = i == j ? 1000 - (i * 7) : (i + j) % 3;
        var result = new EvalResult(0.9123, 0.2567, confusion, DatasetLocator.ClassNames) { Samples = 10_000 };

        string text = Render(c => EvalCommand.Print(c, result, "runs/latest/model.dat"), 80);

        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"too wide: '{line}'"));
        Assert.Contains("9 Ankle boot", text, StringComparison.Ordinal);
        Assert.Contains("937", text, StringComparison.Ordinal); // 1000 - 9 * 7 on the diagonal
        Assert.Contains("accuracy 91.23%", text, StringComparison.Ordinal);
        // Recall of class 0: 1000 / (1000 + its off-diagonal counts).
        long row0 = Enumerable.Range(0, 10).Sum(j => confusion[0, j]);
        Assert.Contains((100.0 * 1000 / row0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryShowsEveryEpochAndTheFinalAccuracy()
    {
        var epochs = new[]
        {
            new EpochMetrics(0, 0.61, 0.78, 0.45, 0.83, 1, 10, 9.1, 2, 11) { ImagesPerSecond = 1234 },
            new EpochMetrics(1, 0.41, 0.85, double.NaN, double.NaN, 1, 10, 4.2, 2, 11) { ImagesPerSecond = 1500 },
        };
        var result = new TrainResult(epochs, 0.8642, 6.5, TimeSpan.FromSeconds(22), "/r/model.dat", "/r");

        string text = Render(c => TrainSummary.Print(c, result), 80);

        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"too wide: '{line}'"));
        Assert.Contains("86.42%", text, StringComparison.Ordinal);
        Assert.Contains("0.6100", text, StringComparison.Ordinal);
        Assert.Contains("83.00%", text, StringComparison.Ordinal);
        Assert.Contains("9.1%", text, StringComparison.Ordinal);
        Assert.Contains("/r/model.dat", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserverReportsEpochAveragesAndCheckpoints()
    {
        using var writer = new StringWriter();
        var console = CliHarness.PlainConsole(writer);
        console.Profile.Width = 80;
        var observer = new ProgressObserver(console);

        observer.OnStart(new RunInfo("cpu", 2, 1, 0, 28, 1, 2, "Vector256") { BatchSize = 256 });
        observer.OnStep(new StepMetrics(0, 0, 0, 2.0, 0.25, 0.1, 0.9, 256) { StepsPerEpoch = 2 });
        observer.OnStep(new StepMetrics(0, 1, 1, 1.0, 0.75, 0.1, 0.9, 256) { StepsPerEpoch = 2 });
        observer.OnEpoch(new EpochMetrics(0, 1.5, 0.5, 1.2, 0.6, 0.2, 1.8, 10, 0.5, 2.1) { ImagesPerSecond = 256 });
        observer.OnEpoch(new EpochMetrics(11, 0.1234, 0.9999, 0.2345, 1.0, 0.2, 1.8, 100, 0.5, 2.1) { ImagesPerSecond = 123_456 });
        observer.OnCheckpoint("/tmp/run/checkpoint.hpcckpt");

        string text = writer.ToString();
        Assert.Contains("Vector256", text, StringComparison.Ordinal);
        Assert.Contains("epoch 1", text, StringComparison.Ordinal);
        Assert.Contains("test loss 1.2000 acc 60.00%", text, StringComparison.Ordinal);
        Assert.Contains("wait 10.0%", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"too wide: '{line}'"));
        Assert.Equal("/tmp/run/checkpoint.hpcckpt", observer.LastCheckpoint);
        Assert.Equal(2, observer.Epochs.Count);
    }
}

public class FolderClassNameTests
{
    [Fact]
    public void ClassesTxtOfAPreparedFolderRenamesTheRows()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir["classes.txt"], ["circle", "square"]);
        var result = new EvalResult(0.5, 1, new long[3, 3], ["a", "b", "c"]);

        var renamed = EvalCommand.WithFolderClassNames(result, dir.Path);

        Assert.Equal(["circle", "square", ""], renamed.ClassNames);
        Assert.Same(result, EvalCommand.WithFolderClassNames(result, dir["elsewhere"]));
    }

    [Fact]
    public void ClassesMissingFromTheFolderAreHiddenUnlessPredicted()
    {
        var confusion = new long[4, 4];
        confusion[0, 0] = 5;
        confusion[1, 3] = 2; // the model predicted class 3, which the folder does not have
        var result = new EvalResult(0.7, 1, confusion, ["circle", "square", "", ""]) { Samples = 7 };
        using var writer = new StringWriter();

        EvalCommand.Print(CliHarness.PlainConsole(writer), result, "m.dat");

        string text = writer.ToString();
        Assert.Contains("0 circle", text, StringComparison.Ordinal);
        Assert.Contains("1 square", text, StringComparison.Ordinal);
        Assert.DoesNotContain("2 (not in classes.txt)", text, StringComparison.Ordinal);
        Assert.Contains("3 (not in classes.txt)", text, StringComparison.Ordinal);
    }
}

public class BenchLoaderReportTests
{
    [Fact]
    public void ScalingIsRelativeToOneThread()
    {
        using var writer = new StringWriter();
        var rows = new[]
        {
            new BenchLoaderCommand.BenchRow(1, 10_000, 2.0),
            new BenchLoaderCommand.BenchRow(2, 18_000, 2.0),
            new BenchLoaderCommand.BenchRow(4, 20_000, 2.0),
        };

        BenchLoaderCommand.Print(CliHarness.PlainConsole(writer), rows);

        string[] lines = writer.ToString().Split('\n');
        // Table rows are "│ threads │ images/s │ ...": pick the one whose first cell is the thread count.
        string Row(int threads) => lines.Single(l => l.Split('│') is { Length: > 2 } cells && cells[1].Trim() == $"{threads}");
        Assert.Contains("5,000", Row(1), StringComparison.Ordinal);
        Assert.Contains("1.00x", Row(1), StringComparison.Ordinal);
        Assert.Contains("9,000", Row(2), StringComparison.Ordinal);
        Assert.Contains("1.80x", Row(2), StringComparison.Ordinal);
        Assert.Contains("90%", Row(2), StringComparison.Ordinal);
        Assert.Contains("2.00x", Row(4), StringComparison.Ordinal);
        Assert.Contains("50%", Row(4), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("f32", Hpc.Loader.BatchElementType.Float32)]
    [InlineData("f16", Hpc.Loader.BatchElementType.Float16)]
    [InlineData("bf16", Hpc.Loader.BatchElementType.BFloat16)]
    [InlineData("u8", Hpc.Loader.BatchElementType.UInt8)]
    public void DtypeNamesMapToElementTypes(string name, Hpc.Loader.BatchElementType expected) =>
        Assert.Equal(expected, BenchLoaderCommand.ParseElementType(name));
}
