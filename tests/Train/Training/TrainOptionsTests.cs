using Hpc.Train.Training;

namespace Hpc.Train.Tests.Training;

public sealed class TrainOptionsTests
{
    [Fact]
    public void DefaultImageSizeIs64OnlyWhereCudaRuns()
    {
        Assert.Equal(28, TrainOptions.DefaultImageSize("cpu"));
        Assert.Equal(64, TrainOptions.DefaultImageSize("cuda"));
        Assert.Equal(TorchSharp.torch.cuda.is_available() ? 64 : 28, TrainOptions.DefaultImageSize("auto"));
    }

    [Fact]
    public void CleanFinalEpochsMustNotBeNegative()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainOptions { CleanFinalEpochs = -1 }.Validate());
        Assert.Equal("CleanFinalEpochs", e.ParamName);
    }
}
