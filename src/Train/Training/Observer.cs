namespace Hpc.Train.Training;

/// <summary>
/// Progress callbacks, all raised on the thread that called <see cref="Trainer.Run"/>, in order:
/// OnStart, then per step OnStep, per epoch OnEpoch and OnCheckpoint. Keep them cheap: they run between steps.
/// </summary>
public interface ITrainingObserver
{
    void OnStart(RunInfo info);
    void OnStep(StepMetrics m);
    void OnEpoch(EpochMetrics m);
    void OnCheckpoint(string path);
    void OnMessage(string text);
}

/// <summary>An observer that ignores everything (tests, scripted runs).</summary>
public sealed class NullTrainingObserver : ITrainingObserver
{
    public static readonly NullTrainingObserver Instance = new();
    public void OnStart(RunInfo info) { }
    public void OnStep(StepMetrics m) { }
    public void OnEpoch(EpochMetrics m) { }
    public void OnCheckpoint(string path) { }
    public void OnMessage(string text) { }
}

/// <param name="StartEpoch">0-based epoch the run starts in (non-zero after --resume).</param>
/// <param name="SimdPath">The loader's kernel path (Hpc.Simd dispatch), for the header line.</param>
public sealed record RunInfo(string Device, int StepsPerEpoch, int Epochs, int StartEpoch, int ImageSize,
    int LoaderThreads, int TorchThreads, string SimdPath)
{
    /// <summary>Step already done when the run starts (resume from mid-epoch); 0 on a fresh run.</summary>
    public int StartStep { get; init; }
    public string RunDir { get; init; } = "";
    public int TrainSamples { get; init; }
    public int TestSamples { get; init; }
    public int BatchSize { get; init; }
}

/// <param name="Epoch">0-based.</param>
/// <param name="Step">0-based step within the epoch.</param>
/// <param name="Loss">Mean cross-entropy of this batch.</param>
/// <param name="Accuracy">Fraction (0..1) of this batch predicted right (in train mode, before the update).</param>
/// <param name="WaitSeconds">Time blocked in the loader's Next for this batch: the headline data-wait.</param>
/// <param name="ComputeSeconds">Forward + backward + optimizer step (+ device copy) for this batch.</param>
public sealed record StepMetrics(int Epoch, int Step, int GlobalStep, double Loss, double Accuracy,
    double WaitSeconds, double ComputeSeconds, double ImagesPerSecond)
{
    public double LearningRate { get; init; }
    public int StepsPerEpoch { get; init; }
}

/// <param name="Epoch">0-based.</param>
/// <param name="TestLoss">NaN when the test split was not evaluated this epoch.</param>
/// <param name="TestAccuracy">Fraction 0..1; NaN when not evaluated this epoch.</param>
/// <param name="DataWaitPercent">100 * wait / (wait + compute) over this epoch's steps.</param>
/// <param name="LoaderCpuSeconds">CPU time the loader's workers spent on this epoch (from the loader summary).</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss,
    double TestAccuracy, double WaitSeconds, double ComputeSeconds, double DataWaitPercent,
    double LoaderCpuSeconds, double WallSeconds)
{
    public int Steps { get; init; }
    public double LearningRate { get; init; }
    public double EvalSeconds { get; init; }

    /// <summary>False for the clean final epochs (originals only) and when augmentation is off.</summary>
    public bool Augmented { get; init; }
    public double ImagesPerSecond { get; init; }
}

/// <param name="FinalTestAccuracy">Fraction 0..1 on the full test split after the last epoch.</param>
/// <param name="DataWaitPercent">Over all steps of this process (not the resumed part before it).</param>
/// <param name="ModelPath">Final weights (TorchSharp format), what <see cref="Evaluator.Evaluate"/> takes.</param>
public sealed record TrainResult(IReadOnlyList<EpochMetrics> Epochs, double FinalTestAccuracy,
    double DataWaitPercent, TimeSpan Wall, string ModelPath, string RunDir)
{
    public double FinalTestLoss { get; init; }
    public string CheckpointPath { get; init; } = "";
    public string MetricsCsvPath { get; init; } = "";
    public string SummaryJsonPath { get; init; } = "";
    /// <summary>Per-step losses of this process, in order (what the reproducibility tests compare).</summary>
    public IReadOnlyList<double> StepLosses { get; init; } = [];
    public double LoaderCpuSeconds { get; init; }
    public string Device { get; init; } = "";
}

/// <param name="Accuracy">Fraction 0..1.</param>
/// <param name="Confusion">[true class, predicted class] counts.</param>
public sealed record EvalResult(double Accuracy, double Loss, long[,] Confusion, IReadOnlyList<string> ClassNames)
{
    public int Samples { get; init; }
}
