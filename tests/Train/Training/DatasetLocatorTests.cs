using Hpc.Train.Training;

namespace Hpc.Train.Tests.Training;

public sealed class DatasetLocatorTests
{
    [Fact]
    public void MissingFilesInACustomFolderAreNamed()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hpc-empty-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte.gz"), [1]);
            var e = Assert.Throws<FileNotFoundException>(() => DatasetLocator.Locate(dir));
            Assert.Contains("train-labels-idx1-ubyte", e.Message, StringComparison.Ordinal);
            Assert.Contains(dir, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void DefaultFolderIsFound()
    {
        FashionMnistFiles f = DatasetLocator.Locate(DatasetLocator.DefaultDataDir);
        Assert.EndsWith("t10k-labels-idx1-ubyte.gz", f.TestLabels, StringComparison.Ordinal);
    }

    [Fact]
    public void BadOptionsAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainOptions { Epochs = 0 }.Validate());
        Assert.Equal("Epochs", e.ParamName);
        var d = Assert.Throws<ArgumentException>(() => new TrainOptions { Device = "tpu" }.Validate());
        Assert.Equal("Device", d.ParamName);
    }
}
