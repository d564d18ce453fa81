using Hpc.Loader;
using Hpc.Train.Interop;
using TorchSharp;
using static TorchSharp.torch;

namespace Hpc.Train.Tests.Interop;

[Collection(TorchCollection.Name)]
public sealed class TensorBatchAllocatorTests
{
    private static Dataset Synthetic(int count, int side = 8)
    {
        var pixels = new byte[count * side * side];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            for (int p = 0; p < side * side; p++)
            {
                pixels[(i * side * side) + p] = (byte)((i * 31) + p);
            }

            labels[i] = i % 10;
        }

        return Dataset.FromImages(pixels, labels, side, side, 10);
    }

    private static LoaderOptions Options(int ringSize = 2) => new()
    {
        BatchSize = 4,
        Threads = 1,
        Seed = 5,
        RingSize = ringSize,
        Policy = AugmentationPolicy.None,
        PinThreads = false,
    };

    [Fact]
    public void SlotTensorAliasesTheLoadersBuffer()
    {
        using Dataset data = Synthetic(16);
        var allocator = new TensorBatchAllocator();
        using var loader = new BatchLoader(data, Options(), allocator);
        using Batch batch = loader.Next();
        SlotTensors slot = TensorBatchAllocator.TensorsOf(batch.Buffer);

        Assert.Equal([4L, 1, 8, 8], slot.Images.shape);
        Assert.Equal(ScalarType.Float32, slot.Images.dtype);
        Assert.Equal(ScalarType.Int64, slot.Labels.dtype);
        Assert.Equal(batch.Buffer.Images, TensorMemory.DataPointer(slot.Images));
        Assert.Equal(batch.Buffer.Labels, TensorMemory.DataPointer(slot.Labels));
        using (var s = slot.Images.storage<float>())
        {
            Assert.Equal(batch.Buffer.Images, s.data_ptr());
        }

        // What the loader wrote is what the tensor reads ...
        Span<float> span = batch.Images<float>();
        Assert.Equal(span[5], slot.Images[0, 0, 0, 5].item<float>());
        Assert.Equal(batch.Labels[3], slot.Labels[3].item<long>());

        // ... and a write through the loader's span is visible through the tensor with no copy in between.
        span[0] = 1234.5f;
        span[^1] = -7f;
        batch.Labels[2] = 9;
        Assert.Equal(1234.5f, slot.Images[0, 0, 0, 0].item<float>());
        Assert.Equal(-7f, slot.Images[3, 0, 7, 7].item<float>());
        Assert.Equal(9L, slot.Labels[2].item<long>());

        // And the other way round: an in-place torch op lands in the loader's memory.
        slot.Images.fill_(2f);
        Assert.Equal(2f, batch.Images<float>()[17]);
    }

    [Fact]
    public void LeasedSlotIsNeverOverwritten()
    {
        using Dataset data = Synthetic(64);
        var allocator = new TensorBatchAllocator();
        using var loader = new BatchLoader(data, Options(ringSize: 2), allocator);

        Batch first = loader.Next();
        Tensor firstImages = TensorBatchAllocator.TensorsOf(first.Buffer).Images;
        using Tensor snapshot = firstImages.clone();

        // The other slot cycles; the producer now wants slot 0 (leased) for batch 2.
        loader.Next().Dispose();
        // Give the producer every chance to (wrongly) write the leased slot.
        Thread.Sleep(300);
        Assert.True(firstImages.eq(snapshot).all().item<bool>());
        // The ring refuses to hand out the leased slot's next batch instead of overwriting it.
        Assert.Throws<InvalidOperationException>(() => loader.Next());
        Assert.True(firstImages.eq(snapshot).all().item<bool>());

        // Returning the lease lets the loader reuse the slot: same memory, new contents.
        nint address = first.Buffer.Images;
        first.Dispose();
        using Batch third = loader.Next();
        Assert.Equal(2, third.Index);
        Assert.Equal(address, third.Buffer.Images);
        Assert.False(firstImages.eq(snapshot).all().item<bool>());
    }

    [Fact]
    public void FreeDisposesTheSlotTensorsOnce()
    {
        var allocator = new TensorBatchAllocator();
        BatchBuffer buffer = allocator.Allocate(0, new BatchLayout(2, 1, 4, 4, BatchElementType.Float16));
        SlotTensors slot = TensorBatchAllocator.TensorsOf(buffer);
        Assert.Equal(ScalarType.Float16, slot.Images.dtype);
        Assert.Equal(buffer.Images, TensorMemory.DataPointer(slot.Images));
        Assert.Single(allocator.Live);
        allocator.Free(buffer);
        Assert.Empty(allocator.Live);
        Assert.Throws<ArgumentException>(() => allocator.Free(buffer));
        Assert.Throws<ArgumentException>(() => allocator.Free(new BatchBuffer(1, 2, new object())));
    }

    [Fact]
    public void PointerOfNonContiguousTensorIsRefused()
    {
        using Tensor t = torch.zeros(4, 4);
        using Tensor view = t.t();
        Assert.Throws<ArgumentException>(() => TensorMemory.DataPointer(view));
        using Tensor rows = t.narrow(0, 1, 2);
        Assert.Equal(TensorMemory.DataPointer(t) + (4 * sizeof(float)), TensorMemory.DataPointer(rows));
    }
}
