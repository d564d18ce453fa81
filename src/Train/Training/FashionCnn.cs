using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Hpc.Train.Training;

/// <summary>
/// Three conv blocks (32/64/128 channels, 3x3, BatchNorm, ReLU, 2x2 max-pool on the first two) and a small
/// head. The last block ends in an adaptive 3x3 average pool, so the same weights shape fits any input size
/// (28x28 and 64x64 alike) and the evaluator needs no architecture parameters.
/// </summary>
internal sealed class FashionCnn : Module<Tensor, Tensor>
{
    public const int Classes = 10;
    private const int PooledSide = 3;

    // Fields, not properties: RegisterComponents discovers submodules through fields.
    private readonly Module<Tensor, Tensor> features;
    private readonly Module<Tensor, Tensor> head;

    public FashionCnn(double dropout = 0.25) : base(nameof(FashionCnn))
    {
        features = Sequential(
            ("conv1", Conv2d(1, 32, 3, padding: 1, bias: false)), ("bn1", BatchNorm2d(32)), ("relu1", ReLU()), ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(32, 64, 3, padding: 1, bias: false)), ("bn2", BatchNorm2d(64)), ("relu2", ReLU()), ("pool2", MaxPool2d(2)),
            ("conv3", Conv2d(64, 128, 3, padding: 1, bias: false)), ("bn3", BatchNorm2d(128)), ("relu3", ReLU()),
            ("pool3", AdaptiveAvgPool2d(PooledSide)));
        head = Sequential(
            ("flatten", Flatten()), ("drop1", Dropout(dropout)),
            ("fc1", Linear(128 * PooledSide * PooledSide, 256)), ("relu4", ReLU()), ("drop2", Dropout(dropout)),
            ("fc2", Linear(256, Classes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using Tensor f = features.call(input);
        return head.call(f);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
