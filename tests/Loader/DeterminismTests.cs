using System.Runtime.CompilerServices;
using Hpc.Simd;

namespace Hpc.Loader.Tests;

public class DeterminismTests
{
    private static AugmentationPolicy ClassicPlusNoise() => new(DistortionLayout.HalfBatch,
    [
        .. AugmentationPolicy.Classic().Stages,
        new AugmentationStage("user", [new NoiseOp()], probability: 0.5),
    ]);

    [Fact]
    public void SameSeedGivesBitIdenticalEpochsForAnyThreadCountRingAndChunk()
    {
        using Dataset ds = TestData.Dataset(384, 32, 32);
        string? reference = null;
        foreach ((int threads, int ring, int chunk) in new[] { (1, 2, 0), (2, 2, 0), (3, 3, 5), (7, 1, 1), (2, 4, 64) })
        {
            using var loader = new BatchLoader(ds, new LoaderOptions
            {
                BatchSize = 64,
                Threads = threads,
                RingSize = ring,
                ChunkSize = chunk,
                Seed = 1234,
                ElementType = BatchElementType.Float16,
                Policy = ClassicPlusNoise(),
            });
            string hash = TestData.EpochHash(loader, 2 * loader.BatchesPerEpoch);
            reference ??= hash;
            Assert.Equal(reference, hash);
        }

        using var other = new BatchLoader(ds, new LoaderOptions { BatchSize = 64, Threads = 2, Seed = 1235, ElementType = BatchElementType.Float16, Policy = ClassicPlusNoise() });
        Assert.NotEqual(reference, TestData.EpochHash(other, 2 * other.BatchesPerEpoch));
    }

    /// <summary>
    /// tests/run repeats this test with AVX-512, AVX2 and all intrinsics switched off; equality with one committed
    /// hash proves the loader's output does not depend on the ISA. Set HPC_UPDATE_GOLDEN=1 to rewrite the file.
    /// </summary>
    [Fact]
    [Trait("Category", "Isa")]
    public void EpochHashMatchesTheGoldenValueOnEveryIsa()
    {
        string? expectIsa = Environment.GetEnvironmentVariable("HPC_EXPECT_ISA");
        if (!string.IsNullOrEmpty(expectIsa))
        {
            Assert.Equal(expectIsa, SimdDispatch.Best.ToString());
        }

        using Dataset ds = TestData.Dataset(256, 64, 64);
        var lines = new List<string>();
        foreach (BatchElementType type in new[] { BatchElementType.Float32, BatchElementType.Float16, BatchElementType.BFloat16, BatchElementType.UInt8 })
        {
            using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 64, Threads = 2, Seed = 20261123, ElementType = type, Policy = ClassicPlusNoise() });
            lines.Add($"{type} {TestData.EpochHash(loader, loader.BatchesPerEpoch)}");
        }

        string golden = GoldenPath();
        if (Environment.GetEnvironmentVariable("HPC_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllLines(golden, lines);
        }

        Assert.True(File.Exists(golden), $"{golden} is missing; run once with HPC_UPDATE_GOLDEN=1.");
        Assert.Equal(File.ReadAllLines(golden).Where(l => l.Length > 0), lines);
    }

    private static string GoldenPath([CallerFilePath] string source = "")
        => Path.Combine(Path.GetDirectoryName(source)!, "Golden", "epoch-hash.txt");

    [Fact]
    public void ResumingMidEpochContinuesWithExactlyTheSameBatches()
    {
        using Dataset ds = TestData.Dataset(300, 28, 28);
        var options = new LoaderOptions { BatchSize = 32, Threads = 2, Seed = 77, ElementType = BatchElementType.BFloat16 };
        var all = new List<string>();
        LoaderState checkpoint = default;
        int from = 0;
        using (var loader = new BatchLoader(ds, options))
        {
            int total = 2 * loader.BatchesPerEpoch;
            for (int i = 0; i < total; i++)
            {
                if (i == loader.BatchesPerEpoch + 3)
                {
                    checkpoint = loader.State;
                    from = i;
                }

                all.Add(TestData.EpochHash(loader, 1));
            }
        }

        Assert.Equal(new LoaderState(77, 1, 3), checkpoint);
        Assert.Equal(12, from);
        using var resumed = new BatchLoader(ds, options with { Seed = 5, Threads = 3 });
        resumed.Restore(checkpoint);
        var rest = Enumerable.Range(0, all.Count - from).Select(_ => TestData.EpochHash(resumed, 1)).ToList();
        Assert.Equal(all.Skip(from), rest);
    }

    [Fact]
    public void TheFastPolicyIsDeterministicToo()
    {
        using Dataset ds = TestData.Dataset(256, 64, 64);
        string Hash(int threads)
        {
            using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 64, Threads = threads, Seed = 6, ElementType = BatchElementType.UInt8, Policy = AugmentationPolicy.Fast() });
            return TestData.EpochHash(loader, loader.BatchesPerEpoch);
        }

        Assert.Equal(Hash(1), Hash(3));
    }

    [Fact]
    public void RestoreAfterConsumingRewindsExactly()
    {
        using Dataset ds = TestData.Dataset(200, 16, 16);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 20, Threads = 2, Seed = 9 });
        string first = TestData.EpochHash(loader, 4);
        Assert.Equal(20 * 13, loader.Drain(13));
        Assert.Equal(new LoaderState(9, 1, 7), loader.State);
        loader.Restore(new LoaderState(9, 0, 0));
        Assert.Equal(first, TestData.EpochHash(loader, 4));
        Assert.Equal(new LoaderState(9, 0, 4), loader.State);
    }
}
