using System.Runtime.InteropServices;

namespace Hpc.Loader.Tests;

public class AllocatorTests
{
    private sealed unsafe class CountingAllocator : IBatchAllocator
    {
        public List<int> Allocated { get; } = [];
        public List<object?> Freed { get; } = [];

        public BatchBuffer Allocate(int slot, BatchLayout layout)
        {
            Allocated.Add(slot);
            void* images = NativeMemory.AlignedAlloc((nuint)layout.ImageBytes, 64);
            void* labels = NativeMemory.AlignedAlloc((nuint)layout.LabelBytes, 64);
            return new BatchBuffer((nint)images, (nint)labels, $"tensor-{slot}");
        }

        public void Free(in BatchBuffer buffer)
        {
            Freed.Add(buffer.Owner);
            NativeMemory.AlignedFree((void*)buffer.Images);
            NativeMemory.AlignedFree((void*)buffer.Labels);
        }
    }

    [Fact]
    public void AHostAllocatorSuppliesEverySlotOnceAndGetsItBackOnDispose()
    {
        using Dataset ds = TestData.Dataset(120, 8, 8);
        var allocator = new CountingAllocator();
        var options = new LoaderOptions { BatchSize = 10, Threads = 2, RingSize = 3, Seed = 2, ElementType = BatchElementType.BFloat16 };
        string expected;
        using (var reference = new BatchLoader(ds, options))
        {
            expected = TestData.EpochHash(reference, 12);
        }

        var loader = new BatchLoader(ds, options, allocator);
        var owners = new HashSet<object?>();
        using (var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256))
        {
            for (int i = 0; i < 12; i++)
            {
                using Batch b = loader.Next();
                owners.Add(b.Buffer.Owner);
                Assert.Equal($"tensor-{b.Slot}", b.Buffer.Owner);
                sha.AppendData(b.ImageBytes);
                sha.AppendData(MemoryMarshal.AsBytes(b.Labels));
            }

            Assert.Equal(expected, Convert.ToHexString(sha.GetHashAndReset()));
        }

        Assert.Equal([0, 1, 2], allocator.Allocated);
        Assert.Equal(3, owners.Count);
        Assert.Empty(allocator.Freed);
        loader.Dispose();
        Assert.Equal(["tensor-0", "tensor-1", "tensor-2"], allocator.Freed);
    }
}
