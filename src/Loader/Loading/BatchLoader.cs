using System.Diagnostics;
using System.Runtime.ExceptionServices;
using CommunityToolkit.HighPerformance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hpc.Loader;

/// <summary>
/// Deterministic parallel batch loader. All worker threads cooperate on the same batch (chunks of slots taken from
/// one atomic counter), batches come out strictly in order through a ring of pinned buffers, and every random
/// choice is a pure function of (seed, epoch, sample, op): the output is bit-identical for any thread count and
/// a checkpoint is <see cref="State"/>.
/// </summary>
public sealed partial class BatchLoader : IDisposable
{
    private readonly Dataset _dataset;
    private readonly LoaderOptions _options;
    private readonly AugmentationPolicy _policy;
    private readonly IBatchAllocator _allocator;
    private readonly ILogger _logger;
    private readonly BatchLayout _layout;
    private readonly int _samplesPerBatch;
    private readonly int _perRank;
    private readonly int _chunk;
    private readonly int _chunksPerBatch;
    private readonly bool _resize;
    private readonly SamplingOrder _order;
    private readonly int _blockSamples;
    private readonly object _gate = new();
    private readonly LoaderMetrics _metrics;

    private readonly List<Thread> _allThreads = [];
    private RingSlot[]? _slots;
    private WorkerState[] _workers = [];
    private EpochOrderCache _orders;
    private ulong _seed;
    private long _startSeq;
    private long _next;
    private PaddedLong _ticket;
    private volatile bool _stopping;
    private volatile bool _disposed;
    private volatile bool _started;
    private Exception? _failure;
    private int _budgetLeft;
    private long _batchesDelivered;
    private long _consumerWaitTicks;
    private readonly long[] _retiredOpTicks;
    private long _retiredImages;
    private long _retiredSkipped;
    private long _retiredStallTicks;

    /// <summary>Creates a loader; threads start on the first <see cref="Next"/>.</summary>
    /// <param name="dataset">The arena; must outlive the loader.</param>
    /// <param name="options">Batch size, threads, seed, ...</param>
    /// <param name="allocator">Memory for the ring slots; default <see cref="NativeBatchAllocator"/>.</param>
    /// <param name="logger">Warnings (pinning or locking not possible).</param>
    public BatchLoader(Dataset dataset, LoaderOptions options, IBatchAllocator? allocator = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _dataset = dataset;
        _options = options;
        _policy = options.Policy ?? AugmentationPolicy.Classic();
        _allocator = allocator ?? NativeBatchAllocator.Instance;
        _logger = logger ?? NullLogger.Instance;
        int outH = options.OutputHeight ?? dataset.Height;
        int outW = options.OutputWidth ?? dataset.Width;
        _resize = outH != dataset.Height || outW != dataset.Width;
        _layout = new BatchLayout(options.BatchSize, 1, outH, outW, options.ElementType);
        if (_policy.Layout == DistortionLayout.Paired && options.BatchSize % 2 != 0)
        {
            throw new ArgumentException($"LoaderOptions.BatchSize ({options.BatchSize}) must be even for the paired layout.", nameof(options));
        }

        _samplesPerBatch = _policy.Layout == DistortionLayout.Paired ? options.BatchSize / 2 : options.BatchSize;
        _perRank = options.DropLast ? dataset.Count / options.WorldSize : (dataset.Count + options.WorldSize - 1) / options.WorldSize;
        if (_samplesPerBatch > _perRank)
        {
            throw new ArgumentException(
                $"LoaderOptions.BatchSize ({options.BatchSize}, {_samplesPerBatch} samples) is larger than the {_perRank} samples of this shard of {dataset.Source} ({dataset.Count} images, world size {options.WorldSize}).",
                nameof(options));
        }

        BatchesPerEpoch = options.DropLast ? _perRank / _samplesPerBatch : (_perRank + _samplesPerBatch - 1) / _samplesPerBatch;
        _chunk = options.ChunkSize > 0 ? options.ChunkSize : Math.Clamp(options.BatchSize / (options.Threads * 4), 1, 32);
        _chunksPerBatch = (options.BatchSize + _chunk - 1) / _chunk;
        _order = options.Order != SamplingOrder.Auto ? options.Order : dataset.IsMapped ? SamplingOrder.QuasiRandom : SamplingOrder.Random;
        _blockSamples = options.BlockSamples > 0 ? options.BlockSamples : Math.Max(1, (1 << 20) / dataset.RecordStride);
        _seed = options.Seed;
        _orders = NewOrderCache();
        _budgetLeft = options.FailureBudget;
        _retiredOpTicks = new long[_policy.OpNames.Count];
        _metrics = new LoaderMetrics(this);
    }

    /// <summary>Batches in one epoch of this shard.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The shape of every batch.</summary>
    public BatchLayout Layout => _layout;

    /// <summary>The resolved augmentation policy.</summary>
    public AugmentationPolicy Policy => _policy;

    /// <summary>The options the loader was built with.</summary>
    public LoaderOptions Options => _options;

    /// <summary>Meter "Hpc.Loader" instruments.</summary>
    public LoaderMetrics Metrics => _metrics;

    /// <summary>The batch <see cref="Next"/> returns next: save it to checkpoint.</summary>
    public LoaderState State => new(_seed, (int)(_next / BatchesPerEpoch), (int)(_next % BatchesPerEpoch));

    /// <summary>Totals for the trainer: images, batches, wait and stall time, time per op.</summary>
    public LoaderSummary Summary
    {
        get
        {
            double toTime = TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency;
            var perOp = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            long[] ticks = OpTicksTotal();
            for (int i = 0; i < ticks.Length; i++)
            {
                string name = _policy.OpNames[i];
                perOp[name] = perOp.GetValueOrDefault(name) + TimeSpan.FromTicks((long)(ticks[i] * toTime));
            }

            return new LoaderSummary(
                TotalImages,
                Interlocked.Read(ref _batchesDelivered),
                TotalSkipped,
                TimeSpan.FromTicks((long)(Interlocked.Read(ref _consumerWaitTicks) * toTime)),
                TimeSpan.FromTicks((long)(TotalStallTicks * toTime)),
                perOp);
        }
    }

    /// <summary>Worker threads that are pinned to a core (the rest run where the OS puts them).</summary>
    public int PinnedThreads => _workers.Count(w => w.Pinned);

    /// <summary>Worker threads ever started by this loader that are still alive (0 before the first batch, after dispose or a failure).</summary>
    public int LiveThreads
    {
        get
        {
            lock (_allThreads)
            {
                return _allThreads.Count(t => t.IsAlive);
            }
        }
    }

    /// <summary>
    /// Blocks until the next batch (in order) is complete and leases it. Re-throws a worker failure as
    /// <see cref="SampleFailedException"/>. Dispose the batch to give its slot back. One consumer: call it from one
    /// thread at a time. Cancelling <paramref name="cancellationToken"/> abandons the wait only; Dispose stops the threads.
    /// </summary>
    public Batch Next(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _failure) is not null)
        {
            // Join first: when the failure reaches the caller, no worker is left running.
            StopWorkers();
            ThrowIfFailed();
        }

        EnsureStarted();
        long n = _next;
        RingSlot slot = _slots![n % _slots.Length];
        if (Volatile.Read(ref slot.LeasedSeq) >= 0)
        {
            throw new InvalidOperationException($"All {_slots.Length} ring slots are leased; dispose a batch before asking for the next one.");
        }

        long t0 = Stopwatch.GetTimestamp();
        if (Volatile.Read(ref slot.ReadySeq) != n)
        {
            lock (_gate)
            {
                while (slot.ReadySeq != n && _failure is null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    Monitor.Wait(_gate, 20);
                }
            }

            if (slot.ReadySeq != n)
            {
                StopWorkers();
                ThrowIfFailed();
            }
        }

        long waited = Stopwatch.GetTimestamp() - t0;
        Interlocked.Add(ref _consumerWaitTicks, waited);
        _metrics.RecordBatch(waited);
        Interlocked.Increment(ref _batchesDelivered);
        Volatile.Write(ref slot.LeasedSeq, n);
        _next = n + 1;
        if (_dataset.IsMapped)
        {
            ManageResidency(n);
        }

        int index = (int)(n % BatchesPerEpoch);
        return new Batch(this, n, (int)(n / BatchesPerEpoch), index, PaddedSlots(index), slot.Index, slot.Buffer, _layout);
    }

    /// <summary>
    /// Takes and immediately returns <paramref name="batches"/> batches (benchmarks, warm-up); returns the number of
    /// images delivered.
    /// </summary>
    public long Drain(int batches, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batches);
        for (int i = 0; i < batches; i++)
        {
            using Batch b = Next(cancellationToken);
        }

        return (long)batches * _layout.BatchSize;
    }

    /// <summary>
    /// Continues from a checkpoint: the next batch is exactly the one that followed it originally. Allowed when no
    /// batch is leased; clears a previous failure.
    /// </summary>
    public void Restore(LoaderState state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(state.Epoch, nameof(state));
        if (state.BatchIndex < 0 || state.BatchIndex >= BatchesPerEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state.BatchIndex, $"BatchIndex must be in [0, {BatchesPerEpoch}).");
        }

        if (_slots is not null && _slots.Any(s => Volatile.Read(ref s.LeasedSeq) >= 0))
        {
            throw new InvalidOperationException("Dispose every leased batch before Restore.");
        }

        StopWorkers();
        if (_seed != state.Seed)
        {
            _seed = state.Seed;
            _orders = NewOrderCache();
        }

        _startSeq = ((long)state.Epoch * BatchesPerEpoch) + state.BatchIndex;
        _next = _startSeq;
        _failure = null;
        _budgetLeft = _options.FailureBudget;
        _started = false;
    }

    /// <summary>
    /// Recomputes one sample alone, exactly as the loader computed it (resize, then distortion when
    /// <paramref name="distorted"/>), before tensor conversion. Throws what the sample threw in the loader.
    /// </summary>
    public byte[] ReplaySample(int epoch, int sampleIndex, bool distorted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sampleIndex, _dataset.Count);
        int h = _layout.Height;
        int w = _layout.Width;
        var resized = new byte[h * w];
        var a = new byte[h * w];
        var b = new byte[h * w];
        ReadOnlySpan2D<byte> src = _dataset.Image(sampleIndex);
        if (_resize)
        {
            ImageResize.Bicubic(src, new Span2D<byte>(resized, h, w));
            src = new ReadOnlySpan2D<byte>(resized, h, w);
        }

        ReadOnlySpan2D<byte> result = src;
        if (distorted)
        {
            int failedOp = -1;
            try
            {
                result = _policy.Distort(src, new Span2D<byte>(a, h, w), new Span2D<byte>(b, h, w), _seed, epoch, sampleIndex, default, ref failedOp);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new SampleFailedException(_seed, epoch, -1, sampleIndex, distorted, failedOp >= 0 ? _policy.OpNames[failedOp] : null, e);
            }
        }

        var copy = new byte[h * w];
        result.CopyTo(copy);
        return copy;
    }

    /// <summary>Replays the sample a <see cref="SampleFailedException"/> names.</summary>
    public byte[] ReplaySample(SampleFailedException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return ReplaySample(failure.Epoch, failure.SampleIndex, failure.Distorted);
    }

    /// <summary>Dataset index and distortion flag of slot <paramref name="slot"/> of batch (epoch, index).</summary>
    public (int Sample, bool Distorted) SampleAt(int epoch, int batchIndex, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batchIndex, BatchesPerEpoch);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, _layout.BatchSize);
        (int position, bool distorted) = MapPosition(batchIndex, slot);
        return (_orders.Peek(epoch, position), distorted);
    }

    /// <summary>Stops every thread (within one sample's time), frees the ring. Leased batches become invalid.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopWorkers();
        if (_slots is not null)
        {
            foreach (RingSlot s in _slots)
            {
                _allocator.Free(s.Buffer);
            }

            _slots = null;
        }

        _metrics.Dispose();
    }

    internal bool IsLeased(int slot, long seq)
    {
        RingSlot[]? slots = _slots;
        return !_disposed && slots is not null && Volatile.Read(ref slots[slot].LeasedSeq) == seq;
    }

    internal void Return(int slotIndex, long seq)
    {
        lock (_gate)
        {
            RingSlot[]? slots = _slots;
            if (_disposed || slots is null || slots[slotIndex].LeasedSeq != seq)
            {
                return;
            }

            RingSlot slot = slots[slotIndex];
            slot.LeasedSeq = -1;
            slot.Remaining = _chunksPerBatch;
            Volatile.Write(ref slot.WritableSeq, seq + slots.Length);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Images handed to the consumer (whole batches).</summary>
    internal long TotalImages => Interlocked.Read(ref _batchesDelivered) * _layout.BatchSize;

    /// <summary>Images the workers have written, including batches not yet delivered.</summary>
    internal long ProducedImages => _workers.Sum(w => Volatile.Read(ref w.Images)) + Interlocked.Read(ref _retiredImages);

    internal long TotalSkipped => _workers.Sum(w => Volatile.Read(ref w.Skipped)) + Interlocked.Read(ref _retiredSkipped);

    internal long TotalStallTicks => _workers.Sum(w => Volatile.Read(ref w.StallTicks)) + Interlocked.Read(ref _retiredStallTicks);

    internal long[] OpTicksTotal()
    {
        long[] total = (long[])_retiredOpTicks.Clone();
        foreach (WorkerState w in _workers)
        {
            Span<long> t = w.OpTicks;
            for (int i = 0; i < total.Length; i++)
            {
                total[i] += Volatile.Read(ref t[i]);
            }
        }

        return total;
    }

    private EpochOrderCache NewOrderCache() => new(_dataset.Count, _options.RingSize + 3, _seed, _order, _blockSamples, Math.Max(1, _options.WindowBlocks));

    private void ThrowIfFailed()
    {
        Exception? f = Volatile.Read(ref _failure);
        if (f is not null)
        {
            ExceptionDispatchInfo.Throw(f);
        }
    }

    private int PaddedSlots(int batchIndex)
    {
        long end = ((long)batchIndex + 1) * _samplesPerBatch;
        int pad = (int)Math.Max(0, end - _perRank);
        return _policy.Layout == DistortionLayout.Paired ? pad * 2 : pad;
    }

    private static void Validate(LoaderOptions options)
    {
        LoaderOptions o = options;
        ArgumentException Bad(string what) => new($"LoaderOptions.{what}", nameof(options));
        if (o.BatchSize <= 0)
        {
            throw Bad($"BatchSize must be positive (got {o.BatchSize}).");
        }

        if (o.Threads <= 0 || o.Threads > 1024)
        {
            throw Bad($"Threads must be in [1, 1024] (got {o.Threads}).");
        }

        if (o.RingSize < 1 || o.RingSize > 64)
        {
            throw Bad($"RingSize must be in [1, 64] (got {o.RingSize}).");
        }

        if (o.WorldSize < 1 || o.Rank < 0 || o.Rank >= o.WorldSize)
        {
            throw Bad($"Rank ({o.Rank}) must be in [0, WorldSize ({o.WorldSize})).");
        }

        if (o.FailureBudget < 0)
        {
            throw Bad($"FailureBudget must not be negative (got {o.FailureBudget}).");
        }

        if (o.OutputHeight is <= 0 || o.OutputWidth is <= 0)
        {
            throw Bad($"OutputHeight/OutputWidth must be positive (got {o.OutputHeight}x{o.OutputWidth}).");
        }

        if (o.ChunkSize < 0 || o.BlockSamples < 0 || o.WindowBlocks < 1 || o.FirstCpu < 0)
        {
            throw Bad("ChunkSize, BlockSamples, FirstCpu must be >= 0 and WindowBlocks >= 1.");
        }

        if (!Enum.IsDefined(o.ElementType) || !Enum.IsDefined(o.Order))
        {
            throw Bad($"ElementType ({o.ElementType}) or Order ({o.Order}) is not defined.");
        }
    }

    private void ManageResidency(long n)
    {
        // Pages of the batch just finished are not needed any more; the batch a ring's length ahead soon will be.
        if (n > _startSeq)
        {
            AdviseBatch(n - 1, release: true);
            _dataset.UnmapAll();
        }
        else
        {
            for (long s = n; s < n + _slots!.Length; s++)
            {
                AdviseBatch(s, release: false);
            }
        }

        AdviseBatch(n + _slots!.Length, release: false);
    }

    private void AdviseBatch(long seq, bool release)
    {
        int epoch = (int)(seq / BatchesPerEpoch);
        int index = (int)(seq % BatchesPerEpoch);
        int[] order = _orders.Get(epoch);
        for (int j = 0; j < _layout.BatchSize; j++)
        {
            (int sample, bool distorted) = MapSlot(order, index, j);
            if (_policy.Layout == DistortionLayout.Paired && distorted)
            {
                continue;
            }

            if (release)
            {
                _dataset.Release(sample, 1);
            }
            else
            {
                _dataset.WillNeed(sample, 1);
            }
        }
    }

    private struct PaddedLong
    {
#pragma warning disable CS0169, IDE0051
        private readonly Pad64 _before;
#pragma warning restore CS0169, IDE0051
        public long Value;
#pragma warning disable CS0169, IDE0051
        private readonly Pad64 _after;
#pragma warning restore CS0169, IDE0051
    }
}
