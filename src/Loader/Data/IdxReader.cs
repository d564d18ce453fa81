using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.Extensions.Logging;

namespace Hpc.Loader;

/// <summary>
/// Reader of the IDX format (MNIST, Fashion-MNIST, ...): big-endian magic 0x0000 0x08 ndims, ndims big-endian
/// sizes, then unsigned bytes. Accepts plain files or gzip (detected by its magic, not the file name).
/// </summary>
internal static unsafe class IdxReader
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    public static Dataset Load(string imagesPath, string labelsPath, int? numClasses, ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        if (numClasses is <= 0 or > 1 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "Must be positive.");
        }

        byte[] labels = ReadLabels(labelsPath);
        using Stream images = OpenMaybeGzip(imagesPath);
        Span<byte> header = stackalloc byte[16];
        ReadExactly(images, header, imagesPath, 0, "the idx3 header");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != ImagesMagic)
        {
            throw new InvalidDataException($"{imagesPath}: wrong magic 0x{magic:X8} at offset 0; expected 0x{ImagesMagic:X8} (idx3-ubyte images).");
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int height = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int width = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (count <= 0 || height <= 0 || width <= 0 || height > 1 << 14 || width > 1 << 14)
        {
            throw new InvalidDataException($"{imagesPath}: invalid dimensions {count} x {height} x {width} at offset 4.");
        }

        if (count != labels.Length)
        {
            throw new InvalidDataException($"{imagesPath}: {count} images (count at offset 4) but {labelsPath} holds {labels.Length} labels (count at offset 4).");
        }

        int classes = numClasses ?? (labels.Max() + 1);
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
            {
                throw new InvalidDataException($"{labelsPath}: label {labels[i]} at offset {8 + i} is outside [0, {classes}).");
            }
        }

        int plane = checked(height * width);
        int stride = Dataset.AlignUp(plane, 64);
        var storage = new NativeStorage(count, stride, logger);
        try
        {
            for (int i = 0; i < count; i++)
            {
                ReadExactly(images, new Span<byte>(storage.Images + ((long)i * stride), plane), imagesPath, 16 + ((long)i * plane), $"image {i}");
                storage.Labels[i] = labels[i];
            }

            return new Dataset(storage, imagesPath, count, height, width, stride, classes);
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    private static byte[] ReadLabels(string path)
    {
        using Stream s = OpenMaybeGzip(path);
        Span<byte> header = stackalloc byte[8];
        ReadExactly(s, header, path, 0, "the idx1 header");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != LabelsMagic)
        {
            throw new InvalidDataException($"{path}: wrong magic 0x{magic:X8} at offset 0; expected 0x{LabelsMagic:X8} (idx1-ubyte labels).");
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (count <= 0)
        {
            throw new InvalidDataException($"{path}: invalid label count {count} at offset 4.");
        }

        var labels = new byte[count];
        ReadExactly(s, labels, path, 8, "the labels");
        return labels;
    }

    /// <summary>Opens the file, transparently decompressing gzip. Offsets in messages are then decompressed offsets.</summary>
    internal static Stream OpenMaybeGzip(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (n == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            return new GZipStream(file, CompressionMode.Decompress);
        }

        return file;
    }

    internal static void ReadExactly(Stream s, Span<byte> dst, string path, long offset, string what)
    {
        int got;
        try
        {
            got = s.ReadAtLeast(dst, dst.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: corrupt gzip data while reading {what} at offset {offset}: {e.Message}", e);
        }

        if (got != dst.Length)
        {
            throw new InvalidDataException($"{path}: truncated at offset {offset + got}: {what} needs {dst.Length} bytes from offset {offset}, only {got} present.");
        }
    }
}
