using System.Buffers.Binary;
using Hpc.Loader;
using Hpc.Train.Training;

namespace Hpc.Train.Tests;

/// <summary>
/// A few hundred real Fashion-MNIST images (from the t10k split, so decompression stays cheap) written as the
/// four IDX files of a tiny data folder: 512 for training, 256 for testing.
/// </summary>
public sealed class SmallFashionMnist : IDisposable
{
    public const int TrainCount = 512;
    public const int TestCount = 256;

    public SmallFashionMnist()
    {
        Root = Path.Combine(Path.GetTempPath(), "hpc-train-tests-" + Guid.NewGuid().ToString("N")[..8]);
        DataDir = Path.Combine(Root, "data");
        CacheDir = Path.Combine(Root, "cache");
        Directory.CreateDirectory(DataDir);
        string src = DatasetLocator.DefaultDataDir;
        using Dataset all = Dataset.LoadIdx(Path.Combine(src, "t10k-images-idx3-ubyte.gz"), Path.Combine(src, "t10k-labels-idx1-ubyte.gz"));
        Write(all, 0, TrainCount, "train");
        Write(all, TrainCount, TestCount, "t10k");
    }

    public string Root { get; }
    public string DataDir { get; }
    public string CacheDir { get; }

    /// <summary>Options for a short CPU run in its own fresh output folder.</summary>
    public TrainOptions Options(string name) => new()
    {
        DataDir = DataDir,
        CacheDir = CacheDir,
        OutputDir = NewRunDir(name),
        Epochs = 2,
        BatchSize = 32,
        MaxStepsPerEpoch = 4,
        CleanFinalEpochs = 1, // epoch 0 augmented, epoch 1 clean: every run crosses the switch
        Threads = 2,
        TorchThreads = 2,
        LoaderThreads = 1,
        Device = "cpu",
        EvaluateEveryEpoch = false,
        EvalBatchSize = 128,
    };

    private TrainResult? _reference;

    /// <summary>The uninterrupted 2-epoch run the resume tests compare against, trained once per test session.</summary>
    public TrainResult ReferenceRun() =>
        _reference ??= Trainer.Run(Options("reference") with { EvaluateEveryEpoch = true }, new RecordingObserver(), CancellationToken.None);

    public string NewRunDir(string name) => Path.Combine(Root, "runs", name + "-" + Guid.NewGuid().ToString("N")[..6]);

    private void Write(Dataset all, int first, int count, string prefix)
    {
        int h = all.Height, w = all.Width;
        var images = new byte[16 + (count * h * w)];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), h);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), w);
        var labels = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labels, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
        for (int i = 0; i < count; i++)
        {
            all.Image(first + i).CopyTo(images.AsSpan(16 + (i * h * w), h * w));
            labels[8 + i] = (byte)all.Label(first + i);
        }

        File.WriteAllBytes(Path.Combine(DataDir, prefix + "-images-idx3-ubyte"), images);
        File.WriteAllBytes(Path.Combine(DataDir, prefix + "-labels-idx1-ubyte"), labels);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp files are harmless.
        }
    }
}

/// <summary>Records what the trainer reports; optionally cancels after a given global step.</summary>
internal sealed class RecordingObserver(CancellationTokenSource? cancel = null, int cancelAfterGlobalStep = -1) : ITrainingObserver
{
    public List<StepMetrics> Steps { get; } = [];
    public List<EpochMetrics> Epochs { get; } = [];
    public List<string> Checkpoints { get; } = [];
    public List<string> Messages { get; } = [];
    public RunInfo? Info { get; private set; }

    public void OnStart(RunInfo info) => Info = info;

    public void OnStep(StepMetrics m)
    {
        Steps.Add(m);
        if (m.GlobalStep == cancelAfterGlobalStep)
        {
            cancel?.Cancel();
        }
    }

    public void OnEpoch(EpochMetrics m) => Epochs.Add(m);
    public void OnCheckpoint(string path) => Checkpoints.Add(path);
    public void OnMessage(string text) => Messages.Add(text);
}
