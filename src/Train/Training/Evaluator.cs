namespace Hpc.Train.Training;

/// <summary>Scores saved weights on the Fashion-MNIST test split.</summary>
public static class Evaluator
{
    /// <param name="modelPath">model.dat written by the trainer, or a checkpoint.hpcckpt.</param>
    /// <param name="device">auto | cpu | cuda.</param>
    public static EvalResult Evaluate(string modelPath, string dataDir, int imageSize, string device, int batchSize = 1000)
        => throw new NotSupportedException("API placeholder, body lands with the training loop");
}
