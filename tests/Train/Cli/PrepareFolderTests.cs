using Hpc.Loader;
using Hpc.Train.Cli;
using Hpc.Train.Training;
using SkiaSharp;

namespace Hpc.Train.Tests.Cli;

public class PrepareFolderTests
{
    private static void WriteColourPng(string path, int width, int height, Func<int, int, SKColor> colour)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, colour(x, y));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    private static byte Luma(SKColor c) => (byte)(((c.Red * 19595) + (c.Green * 38470) + (c.Blue * 7471) + 0x8000) >> 16);

    [Fact]
    public void TrainTestFolderRoundTripsThroughIdxAndPackedFiles()
    {
        using var dir = new TempDir();
        string root = dir["images"];
        // Three tiny colour images: train has two classes, test one image per class.
        Func<int, int, SKColor> a = (x, y) => new SKColor((byte)(x * 40), (byte)(y * 50), 7);
        Func<int, int, SKColor> b = (x, y) => new SKColor(200, (byte)(x * y * 9), (byte)(255 - (x * 30)));
        Func<int, int, SKColor> c = (x, y) => new SKColor((byte)(x + y), 90, 250);
        WriteColourPng(Path.Combine(root, "train", "boot", "1.png"), 5, 4, a);
        WriteColourPng(Path.Combine(root, "train", "shirt", "1.png"), 5, 4, b);
        WriteColourPng(Path.Combine(root, "train", "shirt", "2.png"), 5, 4, c);
        WriteColourPng(Path.Combine(root, "test", "boot", "x.png"), 5, 4, c);
        WriteColourPng(Path.Combine(root, "test", "shirt", "y.png"), 5, 4, a);
        string output = dir["prepared"];

        var (exit, text) = CliHarness.Run("prepare", "--folder", root, "--output", output);

        Assert.True(exit == ExitCodes.Ok, text);
        Assert.Equal(["boot", "shirt"], File.ReadAllLines(Path.Combine(output, "classes.txt")));
        // The folder must be usable as 'hpc train --data-dir': the trainer's locator finds all four IDX files.
        var located = DatasetLocator.Locate(output);
        Assert.Equal(Path.Combine(output, "t10k-images-idx3-ubyte"), located.TestImages);
        Assert.Equal(Path.Combine(output, "train-labels-idx1-ubyte"), located.TrainLabels);
        using (var train = Dataset.OpenPacked(Path.Combine(output, "train" + PrepareCommand.PackedExtension)))
        {
            Assert.Equal(3, train.Count);
            Assert.Equal((4, 5), (train.Height, train.Width));
            Assert.Equal([0, 1, 1], Enumerable.Range(0, 3).Select(train.Label));
            AssertPixels(train, 0, a);
            AssertPixels(train, 1, b);
            AssertPixels(train, 2, c);
        }
        using (var test = Dataset.LoadIdx(Path.Combine(output, "t10k-images-idx3-ubyte"), Path.Combine(output, "t10k-labels-idx1-ubyte")))
        {
            Assert.Equal(2, test.Count);
            Assert.Equal([0, 1], Enumerable.Range(0, 2).Select(test.Label));
            AssertPixels(test, 0, c);
            AssertPixels(test, 1, a);
        }
    }

    [Fact]
    public void SingleTreeIsSplitEveryNthImagePerClass()
    {
        using var dir = new TempDir();
        string root = dir["flat"];
        for (int i = 0; i < 3; i++)
        {
            int k = i;
            WriteColourPng(Path.Combine(root, "a", $"{i}.png"), 3, 3, (x, y) => new SKColor((byte)(10 * k), 0, 0));
            WriteColourPng(Path.Combine(root, "b", $"{i}.png"), 3, 3, (x, y) => new SKColor(0, (byte)(10 * k), 0));
        }

        var (exit, text) = CliHarness.Run("prepare", "--folder", root, "--output", dir["out"], "--test-every", "3");

        Assert.True(exit == ExitCodes.Ok, text);
        using var train = Dataset.OpenPacked(Path.Combine(dir["out"], "train" + PrepareCommand.PackedExtension));
        using var test = Dataset.OpenPacked(Path.Combine(dir["out"], "test" + PrepareCommand.PackedExtension));
        Assert.Equal(4, train.Count);
        Assert.Equal(2, test.Count);
        // The third file of each class (index 2) is held out.
        Assert.Equal(Luma(new SKColor(20, 0, 0)), test.Image(0)[0, 0]);
        Assert.Equal(Luma(new SKColor(0, 20, 0)), test.Image(1)[0, 0]);
    }

    [Fact]
    public void MixedSizesWithoutSizeNameTheFiles()
    {
        using var dir = new TempDir();
        string root = dir["mixed"];
        WriteColourPng(Path.Combine(root, "a", "small.png"), 3, 3, (_, _) => SKColors.White);
        WriteColourPng(Path.Combine(root, "a", "tall.png"), 3, 5, (_, _) => SKColors.White);

        var (exit, text) = CliHarness.Run("prepare", "--folder", root, "--output", dir["out"]);

        Assert.Equal(ExitCodes.Runtime, exit);
        Assert.Contains("tall.png", text, StringComparison.Ordinal);
        Assert.Contains("--size", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SizeResizesMixedSizesWithTheLoadersBicubic()
    {
        using var dir = new TempDir();
        string root = dir["mixed"];
        WriteColourPng(Path.Combine(root, "a", "1.png"), 3, 3, (x, y) => new SKColor((byte)(x * 100), 0, 0));
        WriteColourPng(Path.Combine(root, "a", "2.png"), 7, 5, (x, y) => new SKColor(0, (byte)(y * 50), 0));
        WriteColourPng(Path.Combine(root, "b", "1.png"), 4, 4, (_, _) => SKColors.Gray);

        var (exit, text) = CliHarness.Run("prepare", "--folder", root, "--output", dir["out"], "--size", "8", "--test-every", "2");

        Assert.True(exit == ExitCodes.Ok, text);
        using var train = Dataset.OpenPacked(Path.Combine(dir["out"], "train" + PrepareCommand.PackedExtension));
        Assert.Equal((8, 8), (train.Height, train.Width));
        // A flat gray image stays flat under bicubic resampling.
        byte gray = Luma(SKColors.Gray);
        using var test = Dataset.OpenPacked(Path.Combine(dir["out"], "test" + PrepareCommand.PackedExtension));
        Assert.Equal((2, 1), (train.Count, test.Count));
        Assert.Equal((8, 8), (test.Height, test.Width));
        Assert.Equal(1, train.Label(1));
        var flat = train.Image(1);
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                Assert.Equal(gray, flat[y, x]);
    }

    [Fact]
    public void MissingFolderIsAUsageError()
    {
        using var dir = new TempDir();

        var (exit, text) = CliHarness.Run("prepare", "--folder", dir["nope"], "--output", dir["out"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--folder", text, StringComparison.Ordinal);
        Assert.Contains(dir["nope"], text, StringComparison.Ordinal);
    }

    private static void AssertPixels(Dataset dataset, int index, Func<int, int, SKColor> colour)
    {
        var image = dataset.Image(index);
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                Assert.Equal(Luma(colour(x, y)), image[y, x]);
    }
}
