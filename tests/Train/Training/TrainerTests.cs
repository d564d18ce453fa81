using Hpc.Train.Training;

namespace Hpc.Train.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests(SmallFashionMnist data)
{
    [Fact]
    public void AFewStepsReduceTheLoss()
    {
        TrainOptions o = data.Options("loss") with { Epochs = 3, MaxStepsPerEpoch = 8, BatchSize = 64, Augment = false };
        var obs = new RecordingObserver();
        TrainResult r = Trainer.Run(o, obs, CancellationToken.None);

        Assert.Equal(24, r.StepLosses.Count);
        double early = r.StepLosses.Take(3).Average(), late = r.StepLosses.TakeLast(3).Average();
        Assert.True(late < 0.7 * early, $"loss went from {early} to {late}");
        Assert.Equal(3, r.Epochs.Count);
        Assert.InRange(r.FinalTestAccuracy, 0.4, 1.0); // chance is 0.1
        Assert.Equal(r.FinalTestAccuracy, r.Epochs[^1].TestAccuracy);
        Assert.True(double.IsNaN(r.Epochs[0].TestAccuracy)); // EvaluateEveryEpoch = false
    }

    [Fact]
    public void RunReportsEverythingAndWritesTheRunFolder()
    {
        TrainOptions o = data.Options("files");
        var obs = new RecordingObserver();
        TrainResult r = Trainer.Run(o, obs, CancellationToken.None);

        Assert.NotNull(obs.Info);
        Assert.Equal(4, obs.Info.StepsPerEpoch);
        Assert.Equal("cpu", obs.Info.Device);
        Assert.Equal(8, obs.Steps.Count);
        Assert.Equal(Enumerable.Range(0, 8), obs.Steps.Select(s => s.GlobalStep));
        Assert.All(obs.Steps, s => Assert.True(s.WaitSeconds >= 0 && s.ComputeSeconds > 0 && s.ImagesPerSecond > 0));
        Assert.Equal(2, obs.Epochs.Count);
        Assert.All(obs.Epochs, e => Assert.InRange(e.DataWaitPercent, 0, 100));
        Assert.Equal([true, false], obs.Epochs.Select(e => e.Augmented));
        Assert.Equal(2, obs.Checkpoints.Count);
        Assert.InRange(r.DataWaitPercent, 0, 100);

        Assert.True(File.Exists(r.ModelPath));
        Assert.True(File.Exists(r.CheckpointPath));
        string[] csv = File.ReadAllLines(r.MetricsCsvPath);
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("epoch,train_loss", csv[0], StringComparison.Ordinal);
        Assert.Equal(9, File.ReadAllLines(Path.Combine(r.RunDir, "steps.csv")).Length);
        string summary = File.ReadAllText(r.SummaryJsonPath);
        Assert.Contains("\"dataWaitPercent\"", summary, StringComparison.Ordinal);
        Assert.Contains("\"finalTestAccuracy\"", summary, StringComparison.Ordinal);

        EvalResult e = Evaluator.Evaluate(r.ModelPath, data.DataDir, 28, "cpu", 100, data.CacheDir);
        Assert.Equal(r.FinalTestAccuracy, e.Accuracy, 12);
        Assert.Equal(SmallFashionMnist.TestCount, e.Samples);
        long total = 0, diagonal = 0;
        for (int t = 0; t < 10; t++)
        {
            for (int p = 0; p < 10; p++)
            {
                total += e.Confusion[t, p];
                diagonal += t == p ? e.Confusion[t, p] : 0;
            }
        }

        Assert.Equal(SmallFashionMnist.TestCount, total);
        Assert.Equal(e.Accuracy, (double)diagonal / total, 12);
        Assert.Equal(10, e.ClassNames.Count);
        // The checkpoint holds the same weights.
        Assert.Equal(e.Accuracy, Evaluator.Evaluate(r.CheckpointPath, data.DataDir, 28, "cpu", cacheDir: data.CacheDir).Accuracy, 12);
    }

    [Fact]
    public void SameSeedGivesBitIdenticalLossesAndAnotherSeedDoesNot()
    {
        TrainResult a = data.ReferenceRun();
        TrainResult b = Trainer.Run(data.Options("seed-b") with { EvaluateEveryEpoch = true }, new RecordingObserver(), CancellationToken.None);
        TrainResult c = Trainer.Run(data.Options("seed-c") with { Seed = 43 }, new RecordingObserver(), CancellationToken.None);

        Assert.Equal(a.StepLosses.Select(BitConverter.DoubleToInt64Bits), b.StepLosses.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(File.ReadAllBytes(a.ModelPath), File.ReadAllBytes(b.ModelPath));
        Assert.NotEqual(a.StepLosses, c.StepLosses);
    }
}
