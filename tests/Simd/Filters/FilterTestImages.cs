using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Tests.Filters;

/// <summary>Random test images laid out inside larger arrays so that every kernel sees an odd pitch and offset.</summary>
internal sealed class FilterTestImage
{
    private readonly byte[] buffer;
    private readonly int offset;
    private readonly int pitch;

    public FilterTestImage(int height, int width, int extraPitch, int offset, Random random, byte fill = 0)
    {
        Height = height;
        Width = width;
        pitch = width + extraPitch;
        this.offset = offset;
        buffer = new byte[offset + height * pitch + 7];
        if (fill == 0)
        {
            random.NextBytes(buffer);
        }
        else
        {
            buffer.AsSpan().Fill(fill);
        }
    }

    public int Height { get; }

    public int Width { get; }

    public Span2D<byte> Span => new(buffer, offset, Height, Width, pitch - Width);

    /// <summary>Everything in the backing array, padding included, to prove a kernel wrote nothing outside.</summary>
    public byte[] Backing => buffer;

    public byte[] Packed() => Span.ToArray().Cast<byte>().ToArray();

    /// <summary>An image whose content mixes noise, ramps and hard edges (rounding and clipping both matter).</summary>
    public static FilterTestImage Source(int height, int width, Random random)
    {
        var image = new FilterTestImage(height, width, Math.Max(0, random.Next(-4, 5)), random.Next(0, 9), random);
        Span2D<byte> span = image.Span;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        span[y, x] = (byte)((x * 255 / Math.Max(width - 1, 1) + y * 31) & 255);
                        break;
                    case 1:
                        span[y, x] = ((x / 3) + (y / 2)) % 2 == 0 ? (byte)0 : (byte)255;
                        break;
                    default:
                        break;
                }
            }
        }

        return image;
    }

    /// <summary>A destination with its own pitch, pre-filled so untouched bytes are recognisable.</summary>
    public static FilterTestImage Destination(int height, int width, Random random) =>
        new(height, width, Math.Max(0, random.Next(-4, 5)), random.Next(0, 9), random, fill: 0xA5);
}
