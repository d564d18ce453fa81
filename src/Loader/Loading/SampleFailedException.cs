namespace Hpc.Loader;

/// <summary>
/// A worker or a user op failed on one sample. Carries enough to replay that sample alone
/// (<see cref="BatchLoader.ReplaySample"/>).
/// </summary>
public sealed class SampleFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SampleFailedException(ulong seed, int epoch, int batchIndex, int sampleIndex, bool distorted, string? opName, Exception inner)
        : base($"Sample {sampleIndex} failed (epoch {epoch}, batch {batchIndex}, seed {seed}, {(distorted ? "distorted" : "original")}{(opName is null ? string.Empty : ", op " + opName)}): {inner?.Message}", inner)
    {
        Seed = seed;
        Epoch = epoch;
        BatchIndex = batchIndex;
        SampleIndex = sampleIndex;
        Distorted = distorted;
        OpName = opName;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public SampleFailedException() : base("A sample failed.") { }

    /// <summary>Creates the exception with a message only.</summary>
    public SampleFailedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public SampleFailedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The loader's seed.</summary>
    public ulong Seed { get; }

    /// <summary>Epoch of the failing batch.</summary>
    public int Epoch { get; }

    /// <summary>Index of the failing batch within its epoch.</summary>
    public int BatchIndex { get; }

    /// <summary>Dataset index of the sample.</summary>
    public int SampleIndex { get; }

    /// <summary>Whether the failing slot was a distorted copy.</summary>
    public bool Distorted { get; }

    /// <summary>"stage/op" that threw, or null when the failure was outside an op.</summary>
    public string? OpName { get; }
}
