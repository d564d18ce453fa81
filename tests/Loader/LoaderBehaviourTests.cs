using System.Diagnostics;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Loader.Tests;

public class LoaderBehaviourTests
{
    private static AugmentationPolicy Invert(DistortionLayout layout) => new(layout, [new AugmentationStage("t", [new InvertOp()])]);

    private static int DecodeSlot(Batch b, int j, int h, int w, bool inverted)
    {
        byte[] img = b.Images<byte>().Slice(j * h * w, h * w).ToArray();
        if (inverted)
        {
            for (int i = 0; i < img.Length; i++)
            {
                img[i] = (byte)(255 - img[i]);
            }
        }

        return TestData.Decode(new ReadOnlySpan2D<byte>(img, h, w));
    }

    [Fact]
    public void EveryImageOfAnEpochIsSeenOnceHalfOriginalHalfDistortedWithItsLabel()
    {
        (byte[] pixels, int[] labels) = TestData.Make(256, 12, 12);
        using Dataset ds = Dataset.FromImages(pixels, labels, 12, 12, 10);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 32, Threads = 3, Seed = 5, ElementType = BatchElementType.UInt8, Policy = Invert(DistortionLayout.HalfBatch) });
        var seen = new List<int>();
        int distorted = 0;
        for (int i = 0; i < loader.BatchesPerEpoch; i++)
        {
            using Batch b = loader.Next();
            Assert.Equal((0, i), (b.Epoch, b.Index));
            for (int j = 0; j < b.Count; j++)
            {
                bool inv = j >= b.Count / 2;
                int sample = DecodeSlot(b, j, 12, 12, inv);
                byte[] expected = pixels.AsSpan(sample * 144, 144).ToArray();
                if (inv)
                {
                    expected = [.. expected.Select(x => (byte)(255 - x))];
                    distorted++;
                }

                Assert.Equal(expected, b.Images<byte>().Slice(j * 144, 144).ToArray());
                Assert.Equal(labels[sample], b.Labels[j]);
                seen.Add(sample);
            }
        }

        Assert.Equal(Enumerable.Range(0, 256), seen.Order());
        Assert.Equal(128, distorted);
    }

    [Fact]
    public void PairedModeHoldsEachSampleAndItsDistortedCopy()
    {
        (byte[] pixels, int[] labels) = TestData.Make(64, 8, 8);
        using Dataset ds = Dataset.FromImages(pixels, labels, 8, 8, 10);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 16, Threads = 2, Seed = 1, ElementType = BatchElementType.UInt8, Policy = Invert(DistortionLayout.Paired) });
        Assert.Equal(8, loader.BatchesPerEpoch);
        var seen = new List<int>();
        for (int i = 0; i < loader.BatchesPerEpoch; i++)
        {
            using Batch b = loader.Next();
            for (int j = 0; j < 8; j++)
            {
                int original = DecodeSlot(b, j, 8, 8, inverted: false);
                Assert.Equal(original, DecodeSlot(b, j + 8, 8, 8, inverted: true));
                Assert.Equal(b.Labels[j], b.Labels[j + 8]);
                Assert.Equal(labels[original], b.Labels[j]);
                seen.Add(original);
            }
        }

        Assert.Equal(Enumerable.Range(0, 64), seen.Order());
    }

    [Fact]
    public void PadModeWrapsTheLastBatchAndDropLastDropsIt()
    {
        using Dataset ds = TestData.Dataset(100, 8, 8);
        var options = new LoaderOptions { BatchSize = 32, Threads = 2, ElementType = BatchElementType.UInt8, Policy = AugmentationPolicy.None, DropLast = false };
        using var pad = new BatchLoader(ds, options);
        Assert.Equal(4, pad.BatchesPerEpoch);
        var seen = new List<int>();
        for (int i = 0; i < 4; i++)
        {
            using Batch b = pad.Next();
            Assert.Equal(i == 3 ? 28 : 0, b.PaddedCount);
            seen.AddRange(Enumerable.Range(0, 32).Select(j => DecodeSlot(b, j, 8, 8, false)));
        }

        Assert.Equal(Enumerable.Range(0, 100), seen.Take(100).Order());
        Assert.Equal(seen.Take(28), seen.Skip(100));
        using var drop = new BatchLoader(ds, options with { DropLast = true });
        Assert.Equal(3, drop.BatchesPerEpoch);
    }

    [Fact]
    public void OutputSizeResizesOriginalsWithThePillowBicubicKernel()
    {
        (byte[] pixels, int[] labels) = TestData.Make(32, 28, 28);
        using Dataset ds = Dataset.FromImages(pixels, labels, 28, 28, 10);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 8, Threads = 2, OutputHeight = 64, OutputWidth = 64, ElementType = BatchElementType.UInt8, Policy = AugmentationPolicy.None });
        using Batch b = loader.Next();
        for (int j = 0; j < 8; j++)
        {
            (int sample, _) = loader.SampleAt(0, 0, j);
            var expected = new byte[64 * 64];
            ScaleTranslate.Apply(ds.Image(sample), new Span2D<byte>(expected, 64, 64), 64, 64, 0, 0);
            Assert.Equal(expected, b.Images<byte>().Slice(j * 4096, 4096).ToArray());
        }
    }

    [Fact]
    public void ConversionUsesTheNormalizationAndElementType()
    {
        using Dataset ds = TestData.Dataset(16, 8, 8);
        using var f32 = new BatchLoader(ds, new LoaderOptions { BatchSize = 16, Threads = 1, Policy = AugmentationPolicy.None });
        using var u8 = new BatchLoader(ds, new LoaderOptions { BatchSize = 16, Threads = 2, Policy = AugmentationPolicy.None, ElementType = BatchElementType.UInt8 });
        using Batch a = f32.Next();
        using Batch b = u8.Next();
        Span<float> fa = a.Images<float>();
        Span<byte> bb = b.Images<byte>();
        for (int i = 0; i < bb.Length; i++)
        {
            Assert.Equal(bb[i] * (1f / 255f), fa[i]);
        }

        Assert.Throws<ArgumentException>(() => a.Images<Half>());
    }

    [Fact]
    public async Task AFailingOpSurfacesWithItsSampleStopsEveryThreadAndCanBeReplayed()
    {
        using Dataset ds = TestData.Dataset(200, 8, 8);
        const int bad = 137;
        var policy = new AugmentationPolicy(DistortionLayout.All, [new AugmentationStage("t", [new ThrowOnSampleOp(bad)])]);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 10, Threads = 3, Seed = 42, Policy = policy });
        var run = Task.Run(() =>
        {
            for (int i = 0; i < loader.BatchesPerEpoch; i++)
            {
                using Batch b = loader.Next();
            }
        });
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))));
        var e = await Assert.ThrowsAsync<SampleFailedException>(() => run);
        Assert.Equal(bad, e.SampleIndex);
        Assert.Equal((0, 42UL, true, "t/throw-on"), (e.Epoch, e.Seed, e.Distorted, e.OpName));
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Equal(bad, loader.SampleAt(e.Epoch, e.BatchIndex, Enumerable.Range(0, 10).First(j => loader.SampleAt(e.Epoch, e.BatchIndex, j).Sample == bad)).Sample);
        Assert.Equal(0, loader.LiveThreads);
        Assert.Throws<SampleFailedException>(() => loader.Next());

        var replay = Assert.Throws<SampleFailedException>(() => loader.ReplaySample(e));
        Assert.Equal(bad, replay.SampleIndex);
        Assert.Equal(64, loader.ReplaySample(e.Epoch, bad + 1, distorted: true).Length);
    }

    [Fact]
    public void AFailureBudgetSkipsAndCountsBadSamplesGivingTheOriginal()
    {
        (byte[] pixels, int[] labels) = TestData.Make(60, 8, 8);
        using Dataset ds = Dataset.FromImages(pixels, labels, 8, 8, 10);
        var policy = new AugmentationPolicy(DistortionLayout.All, [new AugmentationStage("t", [new ThrowOnSampleOp(17)])]);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 10, Threads = 2, FailureBudget = 1, Policy = policy, ElementType = BatchElementType.UInt8 });
        bool found = false;
        for (int i = 0; i < loader.BatchesPerEpoch; i++)
        {
            using Batch b = loader.Next();
            for (int j = 0; j < 10; j++)
            {
                if (loader.SampleAt(0, i, j).Sample == 17)
                {
                    Assert.Equal(pixels.AsSpan(17 * 64, 64).ToArray(), b.Images<byte>().Slice(j * 64, 64).ToArray());
                    found = true;
                }
            }
        }

        Assert.True(found);
        Assert.Equal(1, loader.Summary.SkippedSamples);
        Assert.Equal(60, loader.Summary.TotalImages);
    }

    [Fact]
    public void DisposeUnderLoadStopsThreadsQuicklyAndFreesAllNativeMemory()
    {
        using Dataset ds = TestData.Dataset(2000, 32, 32);
        long baseline = NativeAllocations.Outstanding;
        long baselineBytes = NativeAllocations.OutstandingBytes;
        var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 100, Threads = 3, RingSize = 3, Seed = 3 });
        Batch held = loader.Next();
        using (loader.Next())
        {
        }

        Assert.True(loader.LiveThreads > 0);
        Assert.True(NativeAllocations.Outstanding > baseline);
        var sw = Stopwatch.StartNew();
        loader.Dispose();
        sw.Stop();
        Assert.Equal(0, loader.LiveThreads);
        Assert.True(sw.ElapsedMilliseconds < 100, $"dispose took {sw.ElapsedMilliseconds} ms");
        Assert.Equal(baseline, NativeAllocations.Outstanding);
        Assert.Equal(baselineBytes, NativeAllocations.OutstandingBytes);
        Assert.False(held.IsValid);
        Assert.Throws<ObjectDisposedException>(() => held.Labels[0]);
        held.Dispose();
        Assert.Throws<ObjectDisposedException>(() => loader.Next());
    }

    [Fact]
    public void ProducersNeverOverwriteALeasedBatch()
    {
        using Dataset ds = TestData.Dataset(400, 8, 8);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 20, Threads = 2, RingSize = 2, ElementType = BatchElementType.UInt8 });
        Batch first = loader.Next();
        byte[] before = first.ImageBytes.ToArray();
        Batch second = loader.Next();
        Assert.Throws<InvalidOperationException>(() => loader.Next());
        Assert.Equal(before, first.ImageBytes.ToArray());
        first.Dispose();
        first.Dispose();
        using (Batch third = loader.Next())
        {
            Assert.Equal(2, third.Index);
            Assert.Equal(first.Slot, third.Slot);
        }

        second.Dispose();
        Assert.Equal(3, loader.Next().Index);
    }

    [Fact]
    public void CancellationAbortsAWaitingNext()
    {
        using Dataset ds = TestData.Dataset(100, 8, 8);
        using var gate = new ManualResetEventSlim(false);
        var policy = new AugmentationPolicy(DistortionLayout.All, [new AugmentationStage("t", [new BlockingOp(gate)])]);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 10, Threads = 2, Policy = policy });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => loader.Next(cts.Token));
        gate.Set();
        using Batch b = loader.Next();
        Assert.Equal(0, b.Index);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        using Dataset ds = TestData.Dataset(50, 8, 8);
        var e = Assert.Throws<ArgumentException>(() => new BatchLoader(ds, new LoaderOptions { Threads = 0 }));
        Assert.Contains("Threads", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new BatchLoader(ds, new LoaderOptions { BatchSize = 64, Threads = 1 }));
        Assert.Contains("BatchSize (64", e.Message, StringComparison.Ordinal);
        Assert.Contains("50 images", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new BatchLoader(ds, new LoaderOptions { BatchSize = 7, Threads = 1, Policy = AugmentationPolicy.Classic(DistortionLayout.Paired) }));
        Assert.Contains("even", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new BatchLoader(ds, new LoaderOptions { BatchSize = 8, Rank = 2, WorldSize = 2 }));
        Assert.Contains("Rank", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianBlurOp(2, 1));
        Assert.Throws<ArgumentException>(() => new AugmentationStage("s", []));
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 8, Threads = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => loader.Restore(new LoaderState(0, 0, loader.BatchesPerEpoch)));
    }

    private sealed class BlockingOp(ManualResetEventSlim gate) : IAugmentation
    {
        public string Name => "block";

        public void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng)
        {
            gate.Wait();
            src.CopyTo(dst);
        }
    }
}
