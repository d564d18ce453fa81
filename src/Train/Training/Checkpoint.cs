using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hpc.Train.Training;

/// <summary>Running sums of the epoch in progress, so an interrupted epoch resumes with its metrics intact.</summary>
internal sealed record EpochAccumulator
{
    public double LossSum { get; init; }
    public long Correct { get; init; }
    public long Seen { get; init; }
    public int Steps { get; init; }
    public double WaitSeconds { get; init; }
    public double ComputeSeconds { get; init; }
    public double WallSeconds { get; init; }
    public double LoaderCpuSeconds { get; init; }
}

/// <summary>What a checkpoint says about its run. The identity fields must match the options to resume.</summary>
internal sealed record CheckpointHeader
{
    public int ImageSize { get; init; }
    public ulong Seed { get; init; }
    public int BatchSize { get; init; }
    public int Epochs { get; init; }
    public double LearningRate { get; init; }
    public double WeightDecay { get; init; }
    public bool Augment { get; init; }
    public int CleanFinalEpochs { get; init; }
    public int? MaxStepsPerEpoch { get; init; }
    public string ElementType { get; init; } = "";
    public int StepsPerEpoch { get; init; }
    public int TrainSamples { get; init; }

    public int TorchThreads { get; init; }
    public string Device { get; init; } = "";

    /// <summary>0-based epoch of the next step to run.</summary>
    public int Epoch { get; init; }

    /// <summary>0-based batch index (within <see cref="Epoch"/>) of the next step to run.</summary>
    public int BatchIndex { get; init; }
    public long GlobalStep { get; init; }
    public bool Finished { get; init; }
    public EpochAccumulator Partial { get; init; } = new();
    public IReadOnlyList<EpochMetrics> Completed { get; init; } = [];
    public string WrittenUtc { get; init; } = "";

    /// <summary>Differences that make resuming with <paramref name="other"/> diverge from the checkpointed run.</summary>
    public IEnumerable<string> Mismatches(CheckpointHeader other)
    {
        static string? Diff<T>(string name, T mine, T theirs) =>
            EqualityComparer<T>.Default.Equals(mine, theirs) ? null : string.Create(CultureInfo.InvariantCulture, $"{name}: checkpoint {mine}, requested {theirs}");
        string?[] diffs =
        [
            Diff("image size", ImageSize, other.ImageSize), Diff("seed", Seed, other.Seed),
            Diff("batch size", BatchSize, other.BatchSize), Diff("epochs", Epochs, other.Epochs),
            Diff("learning rate", LearningRate, other.LearningRate), Diff("weight decay", WeightDecay, other.WeightDecay),
            Diff("augment", Augment, other.Augment), Diff("clean final epochs", CleanFinalEpochs, other.CleanFinalEpochs),
            Diff("max steps per epoch", MaxStepsPerEpoch?.ToString(CultureInfo.InvariantCulture) ?? "none", other.MaxStepsPerEpoch?.ToString(CultureInfo.InvariantCulture) ?? "none"),
            Diff("element type", ElementType, other.ElementType), Diff("steps per epoch", StepsPerEpoch, other.StepsPerEpoch),
            Diff("training samples", TrainSamples, other.TrainSamples),
        ];
        return diffs.OfType<string>();
    }
}

/// <summary>
/// One file holding the whole resumable state. Layout (little-endian): "HPCCKPT\0", version u32, header length
/// u32, model length i64, optimizer length i64, UTF-8 JSON header, TorchSharp model state, TorchSharp optimizer
/// state, then SHA-256 over everything before it. Written to a temporary file and renamed over the old one, so a
/// crash leaves either the previous or the new checkpoint, never a mix.
/// </summary>
internal sealed record Checkpoint(CheckpointHeader Header, byte[] Model, byte[] Optimizer)
{
    public const string FileName = "checkpoint.hpcckpt";
    private const int Version = 1;
    private const int PrefixBytes = 32;
    private const int HashBytes = 32;
    private static ReadOnlySpan<byte> Magic => "HPCCKPT\0"u8;

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static bool HasMagic(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var fs = File.OpenRead(path);
        return fs.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual(Magic);
    }

    public void Write(string path)
    {
        byte[] header = JsonSerializer.SerializeToUtf8Bytes(Header, Json);
        long total = PrefixBytes + header.Length + Model.LongLength + Optimizer.LongLength + HashBytes;
        var buffer = new byte[total];
        Span<byte> b = buffer;
        Magic.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], (uint)header.Length);
        BinaryPrimitives.WriteInt64LittleEndian(b[16..], Model.LongLength);
        BinaryPrimitives.WriteInt64LittleEndian(b[24..], Optimizer.LongLength);
        int at = PrefixBytes;
        header.CopyTo(b[at..]);
        at += header.Length;
        Model.CopyTo(b[at..]);
        at += Model.Length;
        Optimizer.CopyTo(b[at..]);
        at += Optimizer.Length;
        SHA256.HashData(b[..at], b[at..]);
        AtomicFile.Write(path, buffer);
    }

    /// <exception cref="InvalidDataException">not a checkpoint, truncated, corrupt; the message names the file.</exception>
    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No checkpoint to resume from: '{path}' does not exist.", path);
        }

        byte[] all = File.ReadAllBytes(path);

        ReadOnlySpan<byte> b = all;
        if (b.Length < 8 || !b[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not an Hpc checkpoint (bad magic at offset 0).");
        }

        if (b.Length < PrefixBytes + HashBytes)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is truncated: {b.Length} bytes, not even a header.");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
        if (version != Version)
        {
            throw new InvalidDataException($"Checkpoint '{path}' has format version {version} at offset 8; this build reads version {Version}.");
        }

        long headerLen = BinaryPrimitives.ReadUInt32LittleEndian(b[12..]);
        long modelLen = BinaryPrimitives.ReadInt64LittleEndian(b[16..]);
        long optLen = BinaryPrimitives.ReadInt64LittleEndian(b[24..]);
        if (modelLen < 0 || optLen < 0 || modelLen > int.MaxValue || optLen > int.MaxValue)
        {
            throw new InvalidDataException($"Checkpoint '{path}' has impossible section lengths at offset 16.");
        }

        long expected = PrefixBytes + headerLen + modelLen + optLen + HashBytes;
        if (expected != b.Length)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"Checkpoint '{path}' is truncated or padded: its header announces {expected} bytes, the file has {b.Length}."));
        }

        int body = b.Length - HashBytes;
        Span<byte> hash = stackalloc byte[HashBytes];
        SHA256.HashData(b[..body], hash);
        if (!hash.SequenceEqual(b[body..]))
        {
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt: SHA-256 mismatch over bytes 0..{body}.");
        }

        CheckpointHeader header;
        try
        {
            header = JsonSerializer.Deserialize<CheckpointHeader>(b.Slice(PrefixBytes, (int)headerLen), Json)
                ?? throw new InvalidDataException($"Checkpoint '{path}' has an empty header at offset {PrefixBytes}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' has an unreadable header at offset {PrefixBytes}: {e.Message}", e);
        }

        int modelAt = PrefixBytes + (int)headerLen;
        return new Checkpoint(header, b.Slice(modelAt, (int)modelLen).ToArray(), b.Slice(modelAt + (int)modelLen, (int)optLen).ToArray());
    }

    public static string SummaryOf(CheckpointHeader h) =>
        string.Create(CultureInfo.InvariantCulture, $"epoch {h.Epoch + 1}, batch {h.BatchIndex}, step {h.GlobalStep}");
}

/// <summary>Write-then-rename, with the data flushed to disk before the rename.</summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string tmp = string.Create(CultureInfo.InvariantCulture, $"{full}.{Environment.ProcessId}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                fs.Write(content);
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

    public static void WriteText(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text));
}
