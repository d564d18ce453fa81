using System.Runtime.InteropServices;
using Hpc.Loader;
using Hpc.Simd.Conversion;
using TorchSharp;
using static TorchSharp.torch;

namespace Hpc.Train.Training;

/// <summary>
/// Scores a model on a whole split in file order. It reads the dataset directly rather than through a
/// BatchLoader: no shuffling or augmentation is wanted, and the split is small enough that conversion is cheap.
/// </summary>
internal static class EvalLoop
{
    public static EvalResult Run(nn.Module<Tensor, Tensor> model, Dataset data, Device device, int batchSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int h = data.Height, w = data.Width, plane = h * w, n = data.Count;
        int batch = Math.Min(batchSize, n);
        var confusion = new long[FashionMnist.Classes, FashionMnist.Classes];
        double lossSum = 0;
        long correct = 0;
        Normalization norm = FashionMnist.Normalization;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using Tensor images = torch.empty([batch, 1, h, w], ScalarType.Float32);
            using Tensor labels = torch.empty([batch], ScalarType.Int64);
            var predicted = new long[batch];
            for (int start = 0; start < n; start += batch)
            {
                ct.ThrowIfCancellationRequested();
                int count = Math.Min(batch, n - start);
                Span<float> px = MemoryMarshal.Cast<byte, float>(images.bytes);
                Span<long> lb = MemoryMarshal.Cast<byte, long>(labels.bytes);
                for (int i = 0; i < count; i++)
                {
                    ToTensor.ToFloat32(data.Image(start + i), px.Slice(i * plane, plane), norm);
                    lb[i] = data.Label(start + i);
                }

                using var scope = torch.NewDisposeScope();
                Tensor x = images.narrow(0, 0, count).to(device);
                Tensor y = labels.narrow(0, 0, count).to(device);
                Tensor logits = model.call(x);
                lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).to(ScalarType.Float64).item<double>();
                Tensor pred = logits.argmax(1).cpu();
                MemoryMarshal.Cast<byte, long>(pred.bytes).CopyTo(predicted);
                for (int i = 0; i < count; i++)
                {
                    long truth = lb[i];
                    confusion[truth, predicted[i]]++;
                    if (truth == predicted[i])
                    {
                        correct++;
                    }
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return new EvalResult((double)correct / n, lossSum / n, confusion, DatasetLocator.ClassNames) { Samples = n };
    }
}
