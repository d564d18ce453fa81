namespace Hpc.Loader.Tests;

public class SamplingTests
{
    [Theory]
    [InlineData(SamplingOrder.Random)]
    [InlineData(SamplingOrder.QuasiRandom)]
    public void EpochOrderIsAPermutationThatChangesWithEpochAndSeed(SamplingOrder mode)
    {
        var a = new int[1000];
        var b = new int[1000];
        var c = new int[1000];
        EpochOrder.Fill(a, 5, 0, mode, 37, 3);
        EpochOrder.Fill(b, 5, 1, mode, 37, 3);
        EpochOrder.Fill(c, 6, 0, mode, 37, 3);
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
        var again = new int[1000];
        EpochOrder.Fill(again, 5, 0, mode, 37, 3);
        Assert.Equal(a, again);
    }

    [Fact]
    public void QuasiRandomOrderOnlyMixesWithinAWindowOfBlocks()
    {
        const int block = 50;
        const int window = 2;
        var order = new int[1000];
        EpochOrder.Fill(order, 11, 0, SamplingOrder.QuasiRandom, block, window);
        for (int w = 0; w < 1000; w += block * window)
        {
            var blocks = order.Skip(w).Take(block * window).Select(s => s / block).Distinct().ToArray();
            Assert.Equal(window, blocks.Length);
        }

        Assert.NotEqual(Enumerable.Range(0, 1000), order);
    }

    [Fact]
    public void ShardsAreDisjointAndCoverTheEpoch()
    {
        using Dataset ds = TestData.Dataset(240, 8, 8);
        var all = new List<int>();
        for (int rank = 0; rank < 3; rank++)
        {
            using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 16, Threads = 2, Seed = 3, Rank = rank, WorldSize = 3, Policy = AugmentationPolicy.None, ElementType = BatchElementType.UInt8 });
            Assert.Equal(5, loader.BatchesPerEpoch);
            for (int i = 0; i < loader.BatchesPerEpoch; i++)
            {
                using Batch b = loader.Next();
                for (int j = 0; j < b.Count; j++)
                {
                    all.Add(TestData.Decode(new CommunityToolkit.HighPerformance.ReadOnlySpan2D<byte>(b.Images<byte>().Slice(j * 64, 64).ToArray(), 8, 8)));
                }
            }
        }

        Assert.Equal(Enumerable.Range(0, 240), all.Order());
    }
}
