namespace Hpc.Loader;

/// <summary>The default allocator: 64-byte-aligned native memory, locked in RAM where the OS allows.</summary>
public sealed unsafe class NativeBatchAllocator : IBatchAllocator
{
    /// <summary>The shared instance (stateless).</summary>
    public static NativeBatchAllocator Instance { get; } = new();

    /// <inheritdoc />
    public BatchBuffer Allocate(int slot, BatchLayout layout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        nuint imageBytes = (nuint)Dataset.AlignUp(checked((int)layout.ImageBytes), 64);
        nuint total = imageBytes + (nuint)layout.LabelBytes;
        byte* p = (byte*)NativeAllocations.AlignedAlloc(total, 64);
        bool locked = false;
        if (Libc.IsLinux)
        {
            try
            {
                locked = Libc.MLock(p, total) == 0;
            }
            catch (EntryPointNotFoundException)
            {
            }
        }

        return new BatchBuffer((nint)p, (nint)(p + imageBytes), new Block(total, locked));
    }

    /// <inheritdoc />
    public void Free(in BatchBuffer buffer)
    {
        if (buffer.Owner is not Block block)
        {
            throw new ArgumentException("Buffer was not allocated by this allocator.", nameof(buffer));
        }

        if (block.Locked)
        {
            Libc.MUnlock((void*)buffer.Images, block.Bytes);
        }

        NativeAllocations.AlignedFree((void*)buffer.Images, block.Bytes, 64);
    }

    private sealed record Block(nuint Bytes, bool Locked);
}
