using System.Buffers.Binary;

namespace Hpc.Train.Cli.Imaging;

/// <summary>Writes the IDX format of MNIST (big-endian header, unsigned bytes) so any folder can reuse the IDX path.</summary>
public static class IdxWriter
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    public static void WriteImages(string path, IReadOnlyList<GrayImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
            throw new ArgumentException("no images to write", nameof(images));
        int h = images[0].Height, w = images[0].Width;
        using var file = new BufferedStream(File.Create(path), 1 << 16);
        WriteHeader(file, ImagesMagic, images.Count, h, w);
        for (int i = 0; i < images.Count; i++)
        {
            if (images[i].Width != w || images[i].Height != h)
                throw new ArgumentException($"image {i} is {images[i].Width}x{images[i].Height}, expected {w}x{h}", nameof(images));
            file.Write(images[i].Pixels);
        }
    }

    public static void WriteLabels(string path, IReadOnlyList<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var file = new BufferedStream(File.Create(path), 1 << 16);
        WriteHeader(file, LabelsMagic, labels.Count);
        foreach (byte label in labels)
            file.WriteByte(label);
    }

    private static void WriteHeader(Stream s, int magic, params ReadOnlySpan<int> dims)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, magic);
        s.Write(word);
        foreach (int d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, d);
            s.Write(word);
        }
    }
}
