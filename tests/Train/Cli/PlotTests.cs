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
