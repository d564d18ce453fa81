namespace Hpc.Loader;

/// <summary>
/// Supplies the memory of the ring's slots, so a host can hand in its own (pinned tensor storage) and avoid a copy.
/// Called once per slot when the loader starts and once per slot when it is disposed; never per batch.
/// Both regions must stay valid and unmoved until <see cref="Free"/>; 64-byte alignment is recommended.
/// </summary>
public interface IBatchAllocator
{
    /// <summary>Memory for slot <paramref name="slot"/>: at least layout.ImageBytes and layout.LabelBytes.</summary>
    BatchBuffer Allocate(int slot, BatchLayout layout);

    /// <summary>Gives back a buffer from <see cref="Allocate"/>.</summary>
    void Free(in BatchBuffer buffer);
}
