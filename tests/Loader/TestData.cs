using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using CommunityToolkit.HighPerformance;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Hpc.Loader.Tests;

/// <summary>Synthetic datasets: every image is unique (its index is in the first three pixels) and has some shapes.</summary>
internal static class TestData
{
    public static (byte[] Pixels, int[] Labels) Make(int count, int height, int width, int classes = 10, ulong seed = 99)
    {
        var pixels = new byte[count * height * width];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            var rng = new RngStream(seed, 0, i, 7);
            Span<byte> img = pixels.AsSpan(i * height * width, height * width);
            int cx = rng.NextInt(width / 4, (3 * width) / 4);
            int cy = rng.NextInt(height / 4, (3 * height) / 4);
            int r = rng.NextInt(Math.Max(2, width / 8), Math.Max(3, width / 3));
            byte level = (byte)rng.NextInt(96, 255);
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    int dx = x - cx;
                    int dy = y - cy;
                    img[(y * width) + x] = (dx * dx) + (dy * dy) <= r * r ? level : (byte)(((x * 7) + (y * 13) + (i * 31)) % 40);
                }
            }

            Encode(img, i);
            labels[i] = (int)((uint)(i * 7) % (uint)classes);
        }

        return (pixels, labels);
    }

    public static void Encode(Span<byte> img, int index)
    {
        img[0] = (byte)index;
        img[1] = (byte)(index >> 8);
        img[2] = (byte)(index >> 16);
    }

    public static int Decode(ReadOnlySpan2D<byte> img) => img[0, 0] | (img[0, 1] << 8) | (img[0, 2] << 16);

    public static Dataset Dataset(int count, int height = 28, int width = 28, int classes = 10)
    {
        (byte[] p, int[] l) = Make(count, height, width, classes);
        return Hpc.Loader.Dataset.FromImages(p, l, height, width, classes);
    }

    public static void WriteIdx(string imagesPath, string labelsPath, byte[] pixels, int[] labels, int height, int width, bool gzip)
    {
        var img = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(img, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(img.AsSpan(4), labels.Length);
        BinaryPrimitives.WriteInt32BigEndian(img.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(img.AsSpan(12), width);
        pixels.CopyTo(img, 16);
        var lab = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(lab, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(lab.AsSpan(4), labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            lab[8 + i] = (byte)labels[i];
        }

        WriteMaybeGzip(imagesPath, img, gzip);
        WriteMaybeGzip(labelsPath, lab, gzip);
    }

    public static void WriteMaybeGzip(string path, byte[] data, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, data);
            return;
        }

        using var fs = File.Create(path);
        using var gz = new GZipStream(fs, CompressionLevel.Fastest);
        gz.Write(data);
    }

    /// <summary>SHA-256 over every batch of one epoch: images, labels and order.</summary>
    public static string EpochHash(BatchLoader loader, int batches)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < batches; i++)
        {
            using Batch b = loader.Next();
            sha.AppendData(b.ImageBytes);
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(b.Labels));
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }
}

/// <summary>A temporary directory removed at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hpc-loader-" + Guid.NewGuid().ToString("N")[..10]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Test double: inverts every pixel (deterministic, lets a test recognise distorted copies).</summary>
internal sealed class InvertOp : IAugmentation
{
    public string Name => "invert";

    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
    {
        for (int y = 0; y < src.Height; y++)
        {
            for (int x = 0; x < src.Width; x++)
            {
                dst[y, x] = (byte)(255 - src[y, x]);
            }
        }
    }
}

/// <summary>Test double: copies, but throws on the image whose encoded index is <c>Bad</c>.</summary>
internal sealed class ThrowOnSampleOp(int bad) : IAugmentation
{
    public string Name => "throw-on";

    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
    {
        if (TestData.Decode(src) == bad)
        {
            throw new InvalidOperationException($"boom on {bad}");
        }

        src.CopyTo(dst);
    }
}

/// <summary>Test double: copies then adds noise drawn from its own stream (proves the per-op stream is deterministic).</summary>
internal sealed class NoiseOp : IAugmentation
{
    public string Name => "noise";

    public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
    {
        for (int y = 0; y < src.Height; y++)
        {
            for (int x = 0; x < src.Width; x++)
            {
                dst[y, x] = (byte)(src[y, x] ^ (rng.NextUInt32() & 7));
            }
        }
    }
}
