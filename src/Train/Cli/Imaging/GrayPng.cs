using System.Runtime.InteropServices;
using SkiaSharp;

namespace Hpc.Train.Cli.Imaging;

/// <summary>PNG reading and writing through SkiaSharp, always as 8-bit grayscale.</summary>
public static class GrayPng
{
    public static void Write(GrayImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        CopyRows(image.Pixels, image.Width, image.Height, bitmap.GetPixels(), bitmap.RowBytes);
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new IOException($"SkiaSharp could not encode a {image.Width}x{image.Height} PNG for {path}");
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
            Directory.CreateDirectory(dir);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    /// <summary>
    /// Decodes any image Skia reads (PNG, JPEG, ...) and converts it to luminance with Pillow's <c>convert("L")</c>
    /// weights (ITU-R 601-2, 16-bit fixed point, alpha ignored), so a folder prepared here matches what a Pillow
    /// pipeline would feed the same model. Skia's own Gray8 conversion uses different weights.
    /// </summary>
    public static GrayImage Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"image not found: {path}", path);
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"{path}: not an image SkiaSharp can decode");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        SKCodecResult rc = codec.GetPixels(info, bitmap.GetPixels());
        if (rc is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new InvalidDataException($"{path}: decoding failed ({rc})");
        var gray = new GrayImage(info.Width, info.Height);
        ReadOnlySpan<byte> rgba = bitmap.GetPixelSpan();
        for (int y = 0; y < info.Height; y++)
        {
            ReadOnlySpan<byte> row = rgba.Slice(y * bitmap.RowBytes, info.Width * 4);
            Span<byte> dst = gray.Pixels.AsSpan(y * info.Width, info.Width);
            for (int x = 0; x < dst.Length; x++)
                dst[x] = Luma(row[4 * x], row[(4 * x) + 1], row[(4 * x) + 2]);
        }
        return gray;
    }

    /// <summary>Pillow's L24 conversion: (r*19595 + g*38470 + b*7471 + 0x8000) &gt;&gt; 16.</summary>
    internal static byte Luma(byte r, byte g, byte b) =>
        (byte)(((r * 19595) + (g * 38470) + (b * 7471) + 0x8000) >> 16);

    private static void CopyRows(byte[] src, int width, int height, nint dst, int rowBytes)
    {
        for (int y = 0; y < height; y++)
            Marshal.Copy(src, y * width, dst + (y * rowBytes), width);
    }
}
