using Hpc.Train.Cli.Imaging;
using SkiaSharp;

namespace Hpc.Train.Tests.Cli;

public class GrayPngTests
{
    // Expected values from Pillow 9.4: Image.new("RGB", (1, 1), c).convert("L").getpixel((0, 0)).
    [Theory]
    [InlineData(255, 0, 0, 76)]
    [InlineData(0, 255, 0, 150)]
    [InlineData(0, 0, 255, 29)]
    [InlineData(12, 200, 77, 130)]
    [InlineData(128, 64, 32, 79)]
    [InlineData(255, 255, 255, 255)]
    public void LumaMatchesPillowConvertL(byte r, byte g, byte b, byte expected) =>
        Assert.Equal(expected, GrayPng.Luma(r, g, b));

    [Fact]
    public void GrayRoundTripIsExact()
    {
        using var dir = new TempDir();
        var image = new GrayImage(7, 3);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)(i * 37);

        GrayPng.Write(image, dir["g.png"]);
        var back = GrayPng.Read(dir["g.png"]);

        Assert.Equal((7, 3), (back.Width, back.Height));
        Assert.Equal(image.Pixels, back.Pixels);
    }

    [Fact]
    public void ColourPngIsConvertedWithPillowWeightsIgnoringAlpha()
    {
        using var dir = new TempDir();
        string path = dir["c.png"];
        using (var bitmap = new SKBitmap(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            bitmap.SetPixel(0, 0, new SKColor(12, 200, 77, 255));
            bitmap.SetPixel(1, 0, new SKColor(128, 64, 32, 255));
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        }

        var gray = GrayPng.Read(path);

        Assert.Equal(new byte[] { 130, 79 }, gray.Pixels);
    }

    [Fact]
    public void NotAnImageIsInvalidDataNamingTheFile()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["bad.png"], "not a png");

        var e = Assert.Throws<InvalidDataException>(() => GrayPng.Read(dir["bad.png"]));
        Assert.Contains("bad.png", e.Message, StringComparison.Ordinal);
    }
}
