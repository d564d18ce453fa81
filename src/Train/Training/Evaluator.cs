using Hpc.Loader;
using TorchSharp;

namespace Hpc.Train.Training;

/// <summary>Scores saved weights on the Fashion-MNIST test split.</summary>
public static class Evaluator
{
    /// <param name="modelPath">model.dat written by the trainer, or a checkpoint.hpcckpt.</param>
    /// <param name="device">auto | cpu | cuda.</param>
    /// <param name="batchSize">Images per forward pass; ~256 is fastest on a CPU (larger batches spill the caches).</param>
    /// <param name="cacheDir">Packed-dataset cache; null = <see cref="DatasetLocator.DefaultCacheDir"/>.</param>
    /// <param name="threads">TorchSharp threads; null leaves libtorch's choice (one per core).</param>
    /// <exception cref="InvalidDataException">the file is not a model of this architecture (named).</exception>
    public static EvalResult Evaluate(string modelPath, string dataDir, int imageSize, string device, int batchSize = 1000,
        string? cacheDir = null, int? threads = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model file '{modelPath}' does not exist.", modelPath);
        }

        if (threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "must be >= 1");
        }

        torch.Device dev = TorchDevice.Resolve(device);
        if (threads is int t)
        {
            TorchDevice.SetThreads(t);
        }

        PreparedDataset data = DatasetLocator.Prepare(dataDir, imageSize, cacheDir);
        using Dataset test = Dataset.OpenPacked(data.TestPacked);
        using var model = new FashionCnn();
        model.to(dev);
        byte[] weights = Checkpoint.HasMagic(modelPath) ? Checkpoint.Read(modelPath).Model : File.ReadAllBytes(modelPath);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(weights, writable: false));
            model.load(reader, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"'{modelPath}' is not a model saved by 'hpc train': {e.Message}", e);
        }

        return EvalLoop.Run(model, test, dev, batchSize, CancellationToken.None);
    }
}
