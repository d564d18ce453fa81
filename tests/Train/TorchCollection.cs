namespace Hpc.Train.Tests;

/// <summary>
/// TorchSharp's thread count and seeds are process-wide, so every test that runs torch is in this one
/// collection (run one after another) and shares the small Fashion-MNIST sample.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection : ICollectionFixture<SmallFashionMnist>
{
    public const string Name = "Torch";
}
