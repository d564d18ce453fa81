using System.Diagnostics;
using Hpc.Loader;
using Hpc.Train.Interop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hpc.Train.Training;

/// <summary>One batch on its way into the model: the loader's lease plus the tensors the model reads.</summary>
internal sealed class StagedBatch(Batch lease, Tensor images, Tensor labels, bool ownsTensors) : IDisposable
{
    public Batch Lease { get; } = lease;
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;

    /// <summary>Returns the slot to the loader. Only call once nothing reads the slot's memory any more.</summary>
    public void Dispose()
    {
        if (ownsTensors)
        {
            Images.Dispose();
            Labels.Dispose();
        }

        Lease.Dispose();
    }
}

/// <summary>Model, optimizer and loader of one run, and the single training step.</summary>
internal sealed class TrainingSession : IDisposable
{
    private const BatchElementType ElementType = BatchElementType.Float32;
    private const string LoaderThreadPrefix = "Hpc.Loader worker";

    private readonly TrainOptions _options;
    private readonly Device _device;
    private readonly FashionCnn _model;
    private readonly AdamW _optimizer;
    private readonly Dataset _train;
    private readonly LoaderOptions _loaderOptions;
    private BatchLoader? _augmented;
    private BatchLoader? _clean;
    private BatchLoader _loader;
    private readonly OneCycleSchedule _schedule;
    private readonly ThreadCpuMeter _loaderCpu = new(LoaderThreadPrefix);
    private readonly bool _onCuda;

    public TrainingSession(TrainOptions options, Device device, Dataset train, int loaderThreads, int torchThreads)
    {
        _options = options;
        _device = device;
        _onCuda = device.type == DeviceType.CUDA;
        TorchThreads = torchThreads;
        LoaderThreads = loaderThreads;
        TrainSamples = train.Count;

        // Model init is the only draw from torch's generator outside the steps, so seeding here fixes it.
        TorchDevice.Seed(TorchDevice.Mix(options.Seed, SeedStreams.ModelInit, 0));
        _model = new FashionCnn();
        _model.to(device);
        _optimizer = torch.optim.AdamW(_model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);

        Allocator = new TensorBatchAllocator(pinMemory: _onCuda);
        _train = train;
        _loaderOptions = new LoaderOptions
        {
            BatchSize = options.BatchSize,
            Threads = loaderThreads,
            Seed = options.Seed,
            RingSize = options.RingSize,
            ElementType = ElementType,
            Normalization = FashionMnist.Normalization,
            DropLast = true,
            Policy = AugmentationPolicy.None,
        };
        _loader = LoaderFor(0);
        StepsPerEpoch = Math.Min(_loader.BatchesPerEpoch, options.MaxStepsPerEpoch ?? int.MaxValue);
        _schedule = new OneCycleSchedule(options.LearningRate, (long)StepsPerEpoch * options.Epochs);
    }

    public FashionCnn Model => _model;
    public TensorBatchAllocator Allocator { get; }
    /// <summary>The loader of the current epoch.</summary>
    public BatchLoader Loader => _loader;

    /// <summary>Whether epoch <paramref name="epoch"/> trains on the augmentation policy (else on originals only).</summary>
    public bool Augmented(int epoch) => _options.Augment && epoch < _options.Epochs - _options.CleanFinalEpochs;

    /// <summary>
    /// The augmenting loader for the early epochs and a policy-free one for the final clean epochs. Both draw the
    /// same sample order from (seed, epoch), so switching is just a matter of which ring the batch comes from.
    /// </summary>
    private BatchLoader LoaderFor(int epoch)
    {
        if (Augmented(epoch))
        {
            return _augmented ??= new BatchLoader(_train, _loaderOptions with { Policy = AugmentationPolicy.Classic() }, Allocator);
        }

        if (_augmented is not null)
        {
            // Clean epochs are the last ones: the augmenting loader's workers are not needed again.
            _loaderCpu.Sample();
            _augmented.Dispose();
            _augmented = null;
        }

        return _clean ??= new BatchLoader(_train, _loaderOptions, Allocator);
    }
    public int StepsPerEpoch { get; }
    public int TorchThreads { get; }
    public int LoaderThreads { get; }
    public int TrainSamples { get; }
    public string DeviceName => _onCuda ? "cuda" : "cpu";

    public double LearningRateAt(long globalStep) => _schedule.At(globalStep);

    /// <summary>CPU seconds the loader's worker threads used so far.</summary>
    public double LoaderCpuSeconds() => _loaderCpu.Sample();

    /// <summary>The fields a checkpoint must share with this run to be resumable.</summary>
    public CheckpointHeader Identity() => new()
    {
        ImageSize = _options.ImageSize,
        Seed = _options.Seed,
        BatchSize = _options.BatchSize,
        Epochs = _options.Epochs,
        LearningRate = _options.LearningRate,
        WeightDecay = _options.WeightDecay,
        Augment = _options.Augment,
        CleanFinalEpochs = _options.CleanFinalEpochs,
        MaxStepsPerEpoch = _options.MaxStepsPerEpoch,
        ElementType = ElementType.ToString(),
        StepsPerEpoch = StepsPerEpoch,
        TrainSamples = TrainSamples,
        TorchThreads = TorchThreads,
        Device = DeviceName,
    };

    /// <summary>Points the loader at (epoch, batch) unless it is already there. No batch may be leased.</summary>
    public void Position(int epoch, int batchIndex)
    {
        _loader = LoaderFor(epoch);
        var want = new LoaderState(_options.Seed, epoch, batchIndex);
        if (_loader.State != want)
        {
            _loaderCpu.Sample(); // Restore restarts the workers; bank their CPU time first.
            _loader.Restore(want);
        }
    }

    /// <summary>
    /// Takes the next batch from the loader. On the CPU the model reads the slot's tensors directly (zero copy).
    /// On CUDA the copy to the GPU is queued non-blocking from the pinned slot; the lease is kept until the step
    /// that uses the batch has synchronised (its loss.item()), because TorchSharp has no CUDA event to tell when
    /// the copy itself finished, and returning the slot earlier would let the loader overwrite memory still being read.
    /// </summary>
    public StagedBatch Fetch(CancellationToken ct, out double waitSeconds)
    {
        long t0 = Stopwatch.GetTimestamp();
        Batch lease = _loader.Next(ct);
        waitSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        SlotTensors slot = TensorBatchAllocator.TensorsOf(lease.Buffer);
        if (!_onCuda)
        {
            return new StagedBatch(lease, slot.Images, slot.Labels, ownsTensors: false);
        }

        Tensor x = slot.Images.to(_device, non_blocking: true);
        Tensor y = slot.Labels.to(_device, non_blocking: true);
        x.DetachFromDisposeScope();
        y.DetachFromDisposeScope();
        return new StagedBatch(lease, x, y, ownsTensors: true);
    }

    /// <summary>
    /// One optimisation step on <paramref name="batch"/>. <paramref name="prefetch"/> runs after the step's work
    /// is queued and before the step synchronises, so on CUDA the host fetches the next batch while the GPU computes.
    /// </summary>
    public (double Loss, long Correct) Step(StagedBatch batch, long globalStep, Action prefetch)
    {
        using var scope = torch.NewDisposeScope();
        // Dropout draws from torch's generator; seeding it per step from (seed, step) makes a resumed run draw
        // exactly what the uninterrupted run drew, with no generator state in the checkpoint.
        TorchDevice.Seed(TorchDevice.Mix(_options.Seed, SeedStreams.Dropout, (ulong)globalStep));
        double lr = _schedule.At(globalStep);
        foreach (var group in _optimizer.ParamGroups)
        {
            group.LearningRate = lr;
        }

        _optimizer.zero_grad();
        Tensor logits = _model.call(batch.Images);
        Tensor loss = nn.functional.cross_entropy(logits, batch.Labels);
        loss.backward();
        _optimizer.step();
        Tensor correct = logits.detach().argmax(1).eq(batch.Labels).sum();
        prefetch();
        return (loss.item<float>(), correct.item<long>());
    }

    public byte[] SaveModel()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            _model.save(w);
        }

        return ms.ToArray();
    }

    public byte[] SaveOptimizer()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            _optimizer.save_state_dict(w);
        }

        return ms.ToArray();
    }

    public void Load(Checkpoint checkpoint, string path)
    {
        try
        {
            using (var r = new BinaryReader(new MemoryStream(checkpoint.Model, writable: false)))
            {
                _model.load(r, strict: true);
            }

            using (var r = new BinaryReader(new MemoryStream(checkpoint.Optimizer, writable: false)))
            {
                _optimizer.load_state_dict(r);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' does not hold this model's weights or optimizer state: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        _augmented?.Dispose();
        _clean?.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
    }
}

/// <summary>Independent random streams derived from the run seed.</summary>
internal static class SeedStreams
{
    public const ulong ModelInit = 1;
    public const ulong Dropout = 2;
}
