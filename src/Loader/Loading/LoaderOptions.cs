using Hpc.Simd.Conversion;

namespace Hpc.Loader;

/// <summary>Everything a <see cref="BatchLoader"/> needs to know. Validated by the loader's constructor.</summary>
public sealed record LoaderOptions
{
    /// <summary>Slots per batch (images per batch tensor).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Worker threads (each pinned to one core where possible). Defaults to the core count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The seed every random choice derives from.</summary>
    public ulong Seed { get; init; }

    /// <summary>Number of batch buffers in the ring (2 = double buffering).</summary>
    public int RingSize { get; init; } = 2;

    /// <summary>Element type of the image tensor.</summary>
    public BatchElementType ElementType { get; init; } = BatchElementType.Float32;

    /// <summary>Byte to value mapping for float outputs (ignored for UInt8).</summary>
    public Normalization Normalization { get; init; } = Normalization.UnitRange;

    /// <summary>True: drop the last incomplete batch. False: pad it by wrapping to the epoch's first samples.</summary>
    public bool DropLast { get; init; } = true;

    /// <summary>This process's shard (0-based).</summary>
    public int Rank { get; init; }

    /// <summary>Number of shards; each rank sees a disjoint 1/WorldSize of every epoch.</summary>
    public int WorldSize { get; init; } = 1;

    /// <summary>The augmentation policy; null means <see cref="AugmentationPolicy.Classic"/>.</summary>
    public AugmentationPolicy? Policy { get; init; }

    /// <summary>
    /// Bad samples tolerated per loader before the epoch fails; a skipped slot gets the original image and is
    /// counted in <see cref="LoaderSummary.SkippedSamples"/>.
    /// </summary>
    public int FailureBudget { get; init; }

    /// <summary>Output height; null keeps the dataset's. A different size resizes every image first (bicubic).</summary>
    public int? OutputHeight { get; init; }

    /// <summary>Output width; null keeps the dataset's.</summary>
    public int? OutputWidth { get; init; }

    /// <summary>Sample order inside an epoch.</summary>
    public SamplingOrder Order { get; init; } = SamplingOrder.Auto;

    /// <summary>Samples per block of the quasi-random order (0: about 1 MiB of records).</summary>
    public int BlockSamples { get; init; }

    /// <summary>Blocks shuffled together in the quasi-random order.</summary>
    public int WindowBlocks { get; init; } = 4;

    /// <summary>Slots per work item the threads take from the shared counter (0: automatic).</summary>
    public int ChunkSize { get; init; }

    /// <summary>Pin worker threads to cores (sched_setaffinity, NUMA node order). Fails soft.</summary>
    public bool PinThreads { get; init; } = true;

    /// <summary>First CPU (in NUMA order) used for pinning, so several loaders can share a machine.</summary>
    public int FirstCpu { get; init; }
}
