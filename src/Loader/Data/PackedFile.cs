using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using CommunityToolkit.HighPerformance;
using Microsoft.Extensions.Logging;

namespace Hpc.Loader;

/// <summary>
/// Hpc's packed dataset file: a 4096-byte header page, then image records of <c>RecordStride</c> bytes (H*W
/// rounded up to 64, zero padded) starting on a page boundary so a mapping keeps them SIMD-aligned, then int32
/// little-endian labels on a 64-byte boundary.
/// Header (little-endian): magic "HPCPACK\0" @0, version u32 @8, header size u32 @12, count i64 @16, height u32
/// @24, width u32 @28, channels u32 @32, dtype u32 @36 (0 = uint8), classes u32 @40, record stride u32 @44,
/// images offset u64 @48, labels offset u64 @56, data checksum u64 @64 (images then labels region), header
/// checksum u64 @72 (bytes 0..72).
/// </summary>
public static unsafe class PackedFile
{
    /// <summary>The first 8 bytes of every packed file.</summary>
    public static ReadOnlySpan<byte> Magic => "HPCPACK\0"u8;

    /// <summary>Current format version.</summary>
    public const int Version = 1;

    internal const int HeaderBytes = 80;
    internal const int ImagesOffset = 4096;

    /// <summary>
    /// Converts an IDX pair (plain or .gz) into a packed file at <paramref name="outPath"/>, optionally resizing
    /// every image to <paramref name="size"/> x <paramref name="size"/> with the Pillow-bicubic resize. Writes a
    /// temporary file and renames it, so a crash never leaves a half-written file under the final name.
    /// </summary>
    public static void Prepare(string imagesIdx, string labelsIdx, string outPath, int? size = null, int? numClasses = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outPath);
        if (size is <= 0 or > 1 << 14)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Must be in [1, 16384].");
        }

        using Dataset src = Dataset.LoadIdx(imagesIdx, labelsIdx, numClasses);
        Write(src, outPath, size ?? src.Height, size ?? src.Width);
    }

    /// <summary>Writes <paramref name="source"/> as a packed file, resizing to height x width when they differ.</summary>
    public static void Write(Dataset source, string outPath, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(outPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        bool resize = height != source.Height || width != source.Width;
        int plane = checked(height * width);
        int stride = Dataset.AlignUp(plane, 64);
        long imagesBytes = (long)source.Count * stride;
        long labelsOffset = ImagesOffset + imagesBytes;
        int labelsBytes = Dataset.AlignUp(source.Count * sizeof(int), 64);

        string full = Path.GetFullPath(outPath);
        string tmp = full + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var checksum = Checksum64.Create();
                fs.Write(new byte[ImagesOffset]); // header page, filled in last
                var record = new byte[stride];
                for (int i = 0; i < source.Count; i++)
                {
                    Array.Clear(record);
                    var dst = new Span2D<byte>(record, 0, height, width, 0);
                    if (resize)
                    {
                        ImageResize.Bicubic(source.Image(i), dst);
                    }
                    else
                    {
                        source.Image(i).CopyTo(dst);
                    }

                    checksum.Append(record);
                    fs.Write(record);
                }

                var labels = new byte[labelsBytes];
                for (int i = 0; i < source.Count; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(labels.AsSpan(i * 4), source.Label(i));
                }

                checksum.Append(labels);
                fs.Write(labels);

                var header = new byte[HeaderBytes];
                Magic.CopyTo(header);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), HeaderBytes);
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), source.Count);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), height);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), width);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(32), 1);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(36), 0);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), source.NumClasses);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(44), stride);
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(48), ImagesOffset);
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(56), labelsOffset);
                BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(64), checksum.Finish());
                BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(72), Checksum64.Of(header.AsSpan(0, 72)));
                fs.Position = 0;
                fs.Write(header);
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    internal static Dataset Open(string path, DatasetOpenMode mode, ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (mode is not (DatasetOpenMode.Load or DatasetOpenMode.Map))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown open mode.");
        }

        Header h;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            h = ReadHeader(fs, path);
            if (mode == DatasetOpenMode.Load)
            {
                return LoadInto(fs, path, h, logger);
            }
        }

        var mapped = new MappedStorage(path, h.ImagesOffset, h.LabelsOffset);
        try
        {
            ValidateLabels(new ReadOnlySpan<int>(mapped.Labels, (int)h.Count), path, h);
            return new Dataset(mapped, path, (int)h.Count, h.Height, h.Width, h.Stride, h.Classes);
        }
        catch
        {
            mapped.Dispose();
            throw;
        }
    }

    private static Dataset LoadInto(FileStream fs, string path, in Header h, ILogger? logger)
    {
        var storage = new NativeStorage((int)h.Count, h.Stride, logger);
        try
        {
            long imageBytes = h.Count * h.Stride;
            fs.Position = h.ImagesOffset;
            var checksum = Checksum64.Create();
            const int chunk = 1 << 24;
            for (long done = 0; done < imageBytes; done += chunk)
            {
                var dst = new Span<byte>(storage.Images + done, (int)Math.Min(chunk, imageBytes - done));
                IdxReader.ReadExactly(fs, dst, path, h.ImagesOffset + done, "the image records");
                checksum.Append(dst);
            }

            var labelBytes = new Span<byte>(storage.Labels, Dataset.AlignUp((int)h.Count * 4, 64));
            fs.Position = h.LabelsOffset;
            IdxReader.ReadExactly(fs, labelBytes, path, h.LabelsOffset, "the labels");
            checksum.Append(labelBytes);
            ulong actual = checksum.Finish();
            if (actual != h.DataChecksum)
            {
                throw new InvalidDataException($"{path}: data checksum mismatch (header offset 64 says 0x{h.DataChecksum:X16}, data gives 0x{actual:X16}); the file is corrupt.");
            }

            if (!BitConverter.IsLittleEndian)
            {
                var labels = new Span<int>(storage.Labels, (int)h.Count);
                BinaryPrimitives.ReverseEndianness(labels, labels);
            }

            ValidateLabels(new ReadOnlySpan<int>(storage.Labels, (int)h.Count), path, h);
            return new Dataset(storage, path, (int)h.Count, h.Height, h.Width, h.Stride, h.Classes);
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    private static void ValidateLabels(ReadOnlySpan<int> labels, string path, in Header h)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)h.Classes)
            {
                throw new InvalidDataException($"{path}: label {labels[i]} at offset {h.LabelsOffset + (4L * i)} is outside [0, {h.Classes}).");
            }
        }
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Header(long Count, int Height, int Width, int Classes, int Stride, long ImagesOffset, long LabelsOffset, ulong DataChecksum);

    private static Header ReadHeader(FileStream fs, string path)
    {
        Span<byte> b = stackalloc byte[HeaderBytes];
        IdxReader.ReadExactly(fs, b, path, 0, "the packed header");
        if (!b[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: wrong magic \"{Encoding.ASCII.GetString(b[..8]).TrimEnd('\0')}\" at offset 0; expected \"HPCPACK\" (not an Hpc packed file).");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(b[8..]);
        if (version != Version)
        {
            throw new InvalidDataException($"{path}: unsupported version {version} at offset 8; this reader knows version {Version}.");
        }

        ulong headerSum = BinaryPrimitives.ReadUInt64LittleEndian(b[72..]);
        if (headerSum != Checksum64.Of(b[..72]))
        {
            throw new InvalidDataException($"{path}: header checksum mismatch at offset 72; the header is corrupt.");
        }

        long count = BinaryPrimitives.ReadInt64LittleEndian(b[16..]);
        int height = BinaryPrimitives.ReadInt32LittleEndian(b[24..]);
        int width = BinaryPrimitives.ReadInt32LittleEndian(b[28..]);
        int channels = BinaryPrimitives.ReadInt32LittleEndian(b[32..]);
        int dtype = BinaryPrimitives.ReadInt32LittleEndian(b[36..]);
        int classes = BinaryPrimitives.ReadInt32LittleEndian(b[40..]);
        int stride = BinaryPrimitives.ReadInt32LittleEndian(b[44..]);
        long imagesOffset = BinaryPrimitives.ReadInt64LittleEndian(b[48..]);
        long labelsOffset = BinaryPrimitives.ReadInt64LittleEndian(b[56..]);
        if (count <= 0 || count > int.MaxValue || height <= 0 || width <= 0 || channels != 1 || dtype != 0 || classes <= 0 ||
            stride < (long)height * width || stride % 64 != 0 || imagesOffset % 64 != 0 || labelsOffset != imagesOffset + (count * stride))
        {
            throw new InvalidDataException($"{path}: inconsistent header at offset 16 (count {count}, {height}x{width}x{channels}, dtype {dtype}, classes {classes}, stride {stride}, images @{imagesOffset}, labels @{labelsOffset}).");
        }

        long needed = labelsOffset + Dataset.AlignUp((int)count * 4, 64);
        if (fs.Length < needed)
        {
            throw new InvalidDataException($"{path}: truncated at offset {fs.Length}: the header promises {needed} bytes.");
        }

        return new Header(count, height, width, classes, stride, imagesOffset, labelsOffset, BinaryPrimitives.ReadUInt64LittleEndian(b[64..]));
    }
}
