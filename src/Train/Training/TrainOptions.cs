namespace Hpc.Train.Training;

/// <summary>Everything one training run depends on. Defaults are the README command on a 2-core CPU.</summary>
public sealed record TrainOptions
{
    /// <summary>Folder with the four Fashion-MNIST IDX files (plain or .gz).</summary>
    public string DataDir { get; init; } = DatasetLocator.DefaultDataDir;

    /// <summary>Run folder: checkpoint, final model, metrics.csv, summary.json (the CLI adds plots).</summary>
    public string OutputDir { get; init; } = "runs/latest";

    /// <summary>Where the packed (resized) dataset files are cached; null = <see cref="DatasetLocator.DefaultCacheDir"/>.</summary>
    public string? CacheDir { get; init; }

    public int Epochs { get; init; } = 14;
    public int BatchSize { get; init; } = 256;

    /// <summary>CPU threads for the whole run; split between TorchSharp and the loader (see the two overrides below).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Loader worker threads; null = 1 on the CPU (the model dominates there), <see cref="Threads"/> on CUDA.</summary>
    public int? LoaderThreads { get; init; }

    /// <summary>TorchSharp intra-op threads; null = <see cref="Threads"/> on the CPU, 1 on CUDA.</summary>
    public int? TorchThreads { get; init; }

    /// <summary>Fixes model init, data order, augmentation and dropout: same seed + same thread counts = same losses.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Peak learning rate of the one-cycle schedule (AdamW).</summary>
    public double LearningRate { get; init; } = 3e-3;

    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>auto | cpu | cuda (auto picks CUDA when TorchSharp sees a GPU).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Side of the square input; 28 is the native Fashion-MNIST size.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Continue from OutputDir/checkpoint.hpcckpt (refused if it does not match these options).</summary>
    public bool Resume { get; init; }

    /// <summary>Caps the steps per epoch (smoke runs and tests); the schedule is planned for the capped length.</summary>
    public int? MaxStepsPerEpoch { get; init; }

    /// <summary>The loader's policy: half originals, half distorted. Off = originals only.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>
    /// The last N epochs train on originals only (with <see cref="Augment"/>). The low-LR end of the one-cycle
    /// schedule then fits weights and BatchNorm statistics to undistorted images, which is what the test split
    /// holds; the distortions have done their regularising work by then.
    /// </summary>
    public int CleanFinalEpochs { get; init; } = 2;

    /// <summary>Evaluate on the test split after every epoch (otherwise only after the last one).</summary>
    public bool EvaluateEveryEpoch { get; init; } = true;

    /// <summary>Images per forward pass when scoring the test split (~256 is fastest on a CPU: larger batches spill the caches).</summary>
    public int EvalBatchSize { get; init; } = 256;

    /// <summary>Batches the loader may prepare ahead of the trainer.</summary>
    public int RingSize { get; init; } = 3;

    /// <summary>
    /// The input size to use when the user gave none: 64x64 where a CUDA device will run the model (the GPU can
    /// afford ~5x the work per image), the native 28x28 on a CPU.
    /// </summary>
    public static int DefaultImageSize(string device) =>
        device == "cuda" || (device == "auto" && TorchSharp.torch.cuda.is_available()) ? 64 : 28;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDir, nameof(DataDir));
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputDir, nameof(OutputDir));
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        if (LoaderThreads is < 1) throw new ArgumentOutOfRangeException(nameof(LoaderThreads), LoaderThreads, "must be >= 1");
        if (TorchThreads is < 1) throw new ArgumentOutOfRangeException(nameof(TorchThreads), TorchThreads, "must be >= 1");
        if (!(LearningRate > 0 && double.IsFinite(LearningRate)))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be a positive finite number");
        if (!(WeightDecay >= 0 && double.IsFinite(WeightDecay)))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "must be >= 0");
        if (Device is not ("auto" or "cpu" or "cuda"))
            throw new ArgumentException($"Device must be auto, cpu or cuda, not '{Device}'", nameof(Device));
        ArgumentOutOfRangeException.ThrowIfLessThan(ImageSize, 8, nameof(ImageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ImageSize, 512, nameof(ImageSize));
        ArgumentOutOfRangeException.ThrowIfNegative(CleanFinalEpochs, nameof(CleanFinalEpochs));
        if (MaxStepsPerEpoch is < 1) throw new ArgumentOutOfRangeException(nameof(MaxStepsPerEpoch), MaxStepsPerEpoch, "must be >= 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(EvalBatchSize, 1, nameof(EvalBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(RingSize, 2, nameof(RingSize));
    }
}
