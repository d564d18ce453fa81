using Hpc.Train.Cli.Reporting;
using SkiaSharp;

namespace Hpc.Train.Tests.Cli;

public class PlotTests
{
    [Fact]
    public void LossAndAccuracyPlotsAreValidPngsOfTheRequestedSize()
    {
        using var dir = new TempDir();
        var epochs = new[]
        {
            new EpochPoint(1, 0.9, 0.8, 0.70, 0.72),
            new EpochPoint(2, 0.5, 0.55, 0.82, 0.81),
            new EpochPoint(3, 0.4, double.NaN, 0.86, double.NaN),
        };

        var files = EpochPlots.Write(epochs, dir.Path, 640, 400);

        Assert.Equal([dir[EpochPlots.LossFile], dir[EpochPlots.AccuracyFile]], files);
        foreach (string file in files)
        {
            using var codec = SKCodec.Create(file);
            Assert.NotNull(codec);
            Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
            Assert.Equal(640, codec.Info.Width);
            Assert.Equal(400, codec.Info.Height);
            using var bitmap = SKBitmap.Decode(file);
            // A blank canvas would mean nothing was drawn: a plot has many distinct colours.
            Assert.True(bitmap.Pixels.Distinct().Count() > 3);
        }
    }

    [Fact]
    public void NoEpochsIsRejected()
    {
        using var dir = new TempDir();

        Assert.Throws<ArgumentException>(() => EpochPlots.Write([], dir.Path));
    }
}

public class MetricsCsvTests
{
    private const string Header = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,wait_s,compute_s,data_wait_pct,loader_cpu_s,wall_s,eval_s,steps,images_per_s,lr";

    [Fact]
    public void ReadsEveryEpochAndTheLastRowOfARepeatedEpochWins()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir["metrics.csv"],
        [
            Header,
            "1,1.79,0.25,1.57,1,0.29,6.2,4.5,0.07,7.1,0.59,4,4.9,0.0028",
            "2,0.9,0.5,NaN,NaN,0,2.7,0.0,0,3.3,0.55,4,11.5,0.0002",
            "2,0.77,0.625,0.88,0.6666666666666666,5.63E-05,2.7,0.002,0,3.3,0.55,4,11.5,0.0002",
        ]);

        var points = MetricsCsv.Read(dir["metrics.csv"]);

        Assert.Equal([new EpochPoint(1, 1.79, 1.57, 0.25, 1), new EpochPoint(2, 0.77, 0.88, 0.625, 0.6666666666666666)], points);
    }

    [Fact]
    public void BadNumberNamesFileLineAndColumn()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir["metrics.csv"], [Header, "1,x,0.25,1.57,1,0,0,0,0,0,0,1,1,0"]);

        var e = Assert.Throws<InvalidDataException>(() => MetricsCsv.Read(dir["metrics.csv"]));

        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("train_loss", e.Message, StringComparison.Ordinal);
    }
}
