namespace Hpc.Loader;

/// <summary>What the loader did so far; cheap to read at any time (values may be a few chunks behind).</summary>
public sealed record LoaderSummary(
    long TotalImages,
    long TotalBatches,
    long SkippedSamples,
    TimeSpan ConsumerWait,
    TimeSpan ProducerStall,
    IReadOnlyDictionary<string, TimeSpan> PerOpTime);
