namespace Hpc.Train.Training;

/// <summary>Trains the Fashion-MNIST CNN, fed zero-copy by Hpc.Loader.</summary>
public static class Trainer
{
    /// <summary>
    /// Runs (or with <see cref="TrainOptions.Resume"/> continues) a training run. Writes checkpoint.hpcckpt every
    /// epoch, model.dat, metrics.csv and summary.json into <see cref="TrainOptions.OutputDir"/>.
    /// On cancellation it writes a checkpoint at the last finished step, reports it via OnCheckpoint and throws
    /// <see cref="OperationCanceledException"/>; --resume then continues exactly there.
    /// </summary>
    /// <exception cref="ArgumentException">bad options.</exception>
    /// <exception cref="InvalidDataException">a corrupt or mismatched checkpoint or dataset file (named).</exception>
    public static TrainResult Run(TrainOptions options, ITrainingObserver observer, CancellationToken ct)
        => throw new NotSupportedException("API placeholder, body lands with the training loop");
}
