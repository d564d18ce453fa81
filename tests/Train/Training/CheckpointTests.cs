using Hpc.Train.Training;

namespace Hpc.Train.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class CheckpointTests(SmallFashionMnist data)
{
    [Theory]
    [InlineData(2)] // mid first epoch
    [InlineData(3)] // after the last step of the first epoch, before its evaluation
    [InlineData(6)] // mid second epoch
    public void ResumeAfterInterruptionEqualsUninterruptedRun(int cancelAfter)
    {
        TrainResult whole = data.ReferenceRun();
        TrainOptions split = data.Options("split") with { EvaluateEveryEpoch = true };
        using var cts = new CancellationTokenSource();
        var first = new RecordingObserver(cts, cancelAfter);
        Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Run(split, first, cts.Token));
        Assert.Equal(cancelAfter + 1, first.Steps.Count);
        Assert.NotEmpty(first.Checkpoints);

        var second = new RecordingObserver();
        TrainResult resumed = Trainer.Run(split with { Resume = true }, second, CancellationToken.None);

        double[] joined = [.. first.Steps.Select(s => s.Loss), .. resumed.StepLosses];
        Assert.Equal(whole.StepLosses.Select(BitConverter.DoubleToInt64Bits), joined.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(Enumerable.Range(cancelAfter + 1, 7 - cancelAfter), second.Steps.Select(s => s.GlobalStep));
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(resumed.ModelPath));
        Assert.Equal(whole.FinalTestAccuracy, resumed.FinalTestAccuracy);
        Assert.Equal(2, resumed.Epochs.Count);
        Assert.Equal(whole.Epochs.Select(e => e.TrainLoss), resumed.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(whole.Epochs.Select(e => e.TestAccuracy), resumed.Epochs.Select(e => e.TestAccuracy));
        Assert.Equal(9, File.ReadAllLines(Path.Combine(resumed.RunDir, "steps.csv")).Length);
    }

    [Fact]
    public void DamagedCheckpointsAreRefusedNamingTheFile()
    {
        TrainOptions o = data.Options("damaged") with { Epochs = 1, MaxStepsPerEpoch = 2 };
        TrainResult r = Trainer.Run(o, new RecordingObserver(), CancellationToken.None);
        string path = r.CheckpointPath;
        byte[] good = File.ReadAllBytes(path);
        TrainOptions resume = o with { Resume = true };

        void Refused(byte[] content, string expected)
        {
            File.WriteAllBytes(path, content);
            var e = Assert.Throws<InvalidDataException>(() => Trainer.Run(resume, new RecordingObserver(), CancellationToken.None));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
        }

        Refused(good[..(good.Length / 2)], "truncated");
        Refused(good[..20], "truncated");
        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x10;
        Refused(flipped, "corrupt");
        Refused("not a checkpoint at all"u8.ToArray(), "not an Hpc checkpoint");

        File.WriteAllBytes(path, good);
        var seed = Assert.Throws<InvalidDataException>(() => Trainer.Run(resume with { Seed = 7 }, new RecordingObserver(), CancellationToken.None));
        Assert.Contains(path, seed.Message, StringComparison.Ordinal);
        Assert.Contains("seed", seed.Message, StringComparison.Ordinal);
        var size = Assert.Throws<InvalidDataException>(() => Trainer.Run(resume with { ImageSize = 32 }, new RecordingObserver(), CancellationToken.None));
        Assert.Contains("image size", size.Message, StringComparison.Ordinal);

        // The intact file still resumes (a finished run: evaluated, nothing trained).
        TrainResult again = Trainer.Run(resume, new RecordingObserver(), CancellationToken.None);
        Assert.Empty(again.StepLosses);
        Assert.Equal(r.FinalTestAccuracy, again.FinalTestAccuracy);
    }

    [Fact]
    public void ResumeWithoutCheckpointSaysWhatIsMissing()
    {
        TrainOptions o = data.Options("missing") with { Resume = true };
        var e = Assert.Throws<FileNotFoundException>(() => Trainer.Run(o, new RecordingObserver(), CancellationToken.None));
        Assert.Contains(Checkpoint.FileName, e.Message, StringComparison.Ordinal);
    }
}
