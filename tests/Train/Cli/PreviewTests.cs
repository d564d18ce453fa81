using Hpc.Loader;
using Hpc.Train.Cli;
using Hpc.Train.Cli.Preview;
using SkiaSharp;

namespace Hpc.Train.Tests.Cli;

public class PreviewTests
{
    private const int Side = 12;
    private const int Samples = 40;

    /// <summary>A packed file of distinct, textured images (so a misplaced or wrong original cannot match by chance).</summary>
    private static string MakePacked(TempDir dir)
    {
        var pixels = new byte[Samples * Side * Side];
        var labels = new int[Samples];
        var rng = new Random(5);
        rng.NextBytes(pixels);
        for (int i = 0; i < Samples; i++)
            labels[i] = i % 4;
        using var dataset = Dataset.FromImages(pixels, labels, Side, Side, 4);
        string path = dir["tiny.hpcpack"];
        PackedFile.Write(dataset, path, Side, Side);
        return path;
    }

    private static byte[] Region(SKBitmap sheet, int x0, int y0, int w, int h, int zoom)
    {
        var r = new byte[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                r[(y * w) + x] = sheet.GetPixel(x0 + (x * zoom), y0 + (y * zoom)).Red;
        return r;
    }

    [Theory]
    [InlineData(6, 1, null)]
    [InlineData(5, 2, 16)]
    public void SheetHasTheLayoutSizeOriginalsFromTheDatasetAndTheLoadersDistortions(int count, int zoom, int? imageSize)
    {
        using var dir = new TempDir();
        string packed = MakePacked(dir);
        string png = dir["sheet.png"];
        var args = new List<string> { "preview", "--dataset", packed, "--count", $"{count}", "--seed", "7", "--batch-size", "16", "--zoom", $"{zoom}", "--output", png };
        if (imageSize is { } s)
            args.AddRange(["--image-size", $"{s}"]);

        var (exit, text) = CliHarness.Run([.. args]);

        Assert.True(exit == ExitCodes.Ok, text);
        int outSide = imageSize ?? Side;
        var layout = ContactSheetLayout.Create(count, Side, Side, outSide, outSide, zoom);
        using var codec = SKCodec.Create(png);
        Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
        using var sheet = SKBitmap.Decode(png);
        Assert.Equal((layout.Width, layout.Height), (sheet.Width, sheet.Height));

        using var dataset = Dataset.OpenPacked(packed);
        using var loader = new BatchLoader(dataset, new LoaderOptions
        {
            BatchSize = 16,
            Threads = 1,
            Seed = 7,
            ElementType = BatchElementType.UInt8,
            OutputHeight = outSide,
            OutputWidth = outSide,
        });
        int shown = 0, differing = 0;
        for (int slot = 0; slot < 16 && shown < count; slot++)
        {
            var (sample, distorted) = loader.SampleAt(0, 0, slot);
            if (!distorted)
                continue;
            var (ox, oy) = layout.Original(shown);
            byte[] expectedOriginal = new byte[Side * Side];
            dataset.Image(sample).CopyTo(expectedOriginal);
            Assert.Equal(expectedOriginal, Region(sheet, ox, oy, Side, Side, zoom));

            var (dx, dy) = layout.Distorted(shown);
            byte[] copy = Region(sheet, dx, dy, outSide, outSide, zoom);
            Assert.Equal(loader.ReplaySample(0, sample, distorted: true), copy);
            if (imageSize is null && !copy.AsSpan().SequenceEqual(expectedOriginal))
                differing++;
            shown++;
        }
        Assert.Equal(count, shown);
        if (imageSize is null)
            Assert.True(differing > 0, "no distorted copy differs from its original");
    }

    [Fact]
    public void SameSeedGivesTheSameSheetAndAnotherSeedDoesNot()
    {
        using var dir = new TempDir();
        string packed = MakePacked(dir);

        string Sheet(string name, string seed)
        {
            var (exit, text) = CliHarness.Run("preview", "--dataset", packed, "--count", "4", "--seed", seed, "--batch-size", "8", "--zoom", "1", "--output", dir[name]);
            Assert.True(exit == ExitCodes.Ok, text);
            return Convert.ToHexString(File.ReadAllBytes(dir[name]));
        }

        Assert.Equal(Sheet("a.png", "3"), Sheet("b.png", "3"));
        Assert.NotEqual(Sheet("a.png", "3"), Sheet("c.png", "4"));
    }

    [Fact]
    public void MissingDatasetFileIsAUsageError()
    {
        using var dir = new TempDir();

        var (exit, text) = CliHarness.Run("preview", "--dataset", dir["none.hpcpack"], "--output", dir["x.png"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--dataset", text, StringComparison.Ordinal);
        Assert.Contains("none.hpcpack", text, StringComparison.Ordinal);
    }
}
