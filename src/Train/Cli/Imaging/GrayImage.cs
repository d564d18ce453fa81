namespace Hpc.Train.Cli.Imaging;

/// <summary>An 8-bit grayscale image, row-major, no padding.</summary>
public sealed class GrayImage
{
    public GrayImage(int width, int height)
        : this(width, height, new byte[checked(width * height)]) { }

    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != width * height)
            throw new ArgumentException($"expected {width * height} pixels for {width}x{height}, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

#pragma warning disable CA1819 // The pixel buffer is the point of this type; copying it on every access would defeat it.
    public byte[] Pixels { get; }
#pragma warning restore CA1819

    public byte this[int y, int x]
    {
        get => Pixels[(y * Width) + x];
        set => Pixels[(y * Width) + x] = value;
    }

    /// <summary>Copies <paramref name="src"/> with its top-left corner at (x, y), each pixel as a zoom x zoom block.</summary>
    public void Blit(ReadOnlySpan<byte> src, int srcWidth, int srcHeight, int x, int y, int zoom = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zoom, 1);
        if (x < 0 || y < 0 || x + (srcWidth * zoom) > Width || y + (srcHeight * zoom) > Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"a {srcWidth}x{srcHeight} block at ({x},{y}) x{zoom} does not fit in {Width}x{Height}");
        for (int sy = 0; sy < srcHeight; sy++)
        {
            ReadOnlySpan<byte> row = src.Slice(sy * srcWidth, srcWidth);
            for (int zy = 0; zy < zoom; zy++)
            {
                Span<byte> dst = Pixels.AsSpan(((y + (sy * zoom) + zy) * Width) + x, srcWidth * zoom);
                if (zoom == 1)
                {
                    row.CopyTo(dst);
                    continue;
                }
                for (int sx = 0; sx < srcWidth; sx++)
                    dst.Slice(sx * zoom, zoom).Fill(row[sx]);
            }
        }
    }
}
