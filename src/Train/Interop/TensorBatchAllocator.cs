using Hpc.Loader;
using TorchSharp;
using static TorchSharp.torch;

namespace Hpc.Train.Interop;

/// <summary>
/// The tensors behind one ring slot. The loader writes into their memory; the trainer feeds them to the model
/// as they are, so a batch crosses from loader to TorchSharp without a copy.
/// </summary>
/// <param name="Images">[B, C, H, W] in the loader's element type, contiguous, on the CPU (pinned when CUDA exists).</param>
/// <param name="Labels">int64 [B].</param>
public sealed record SlotTensors(int Slot, Tensor Images, Tensor Labels);

/// <summary>
/// Hpc.Loader's allocator hook, implemented with TorchSharp-owned storage: each slot is a pair of tensors and the
/// loader gets their data pointers. TorchSharp 0.107 has no public from_blob, so rather than wrapping the
/// loader's memory in a tensor (an internal, ABI-unstable P/Invoke) torch allocates and the loader fills.
/// </summary>
public sealed class TensorBatchAllocator : IBatchAllocator
{
    private readonly bool _pin;
    private readonly Lock _gate = new();
    private readonly List<SlotTensors> _live = [];

    /// <param name="pinMemory">Page-lock the slots (only meaningful, and only possible, when CUDA is available):
    /// a pinned source lets <c>to(cuda, non_blocking: true)</c> return before the copy has finished.</param>
    public TensorBatchAllocator(bool pinMemory = false) => _pin = pinMemory;

    /// <summary>Slots currently allocated (for tests and diagnostics).</summary>
    public IReadOnlyList<SlotTensors> Live
    {
        get
        {
            lock (_gate)
            {
                return [.. _live];
            }
        }
    }

    public static ScalarType ScalarTypeOf(BatchElementType type) => type switch
    {
        BatchElementType.Float32 => ScalarType.Float32,
        BatchElementType.Float16 => ScalarType.Float16,
        BatchElementType.BFloat16 => ScalarType.BFloat16,
        BatchElementType.UInt8 => ScalarType.Byte,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown batch element type."),
    };

    public BatchBuffer Allocate(int slot, BatchLayout layout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layout.BatchSize, nameof(layout));
        ScalarType dtype = ScalarTypeOf(layout.ElementType);
        // Detached from any dispose scope: a slot lives as long as the ring, not as long as the caller's step.
        Tensor images = Place(torch.empty([layout.BatchSize, layout.Channels, layout.Height, layout.Width], dtype));
        Tensor labels = Place(torch.empty([layout.BatchSize], ScalarType.Int64));
        var owner = new SlotTensors(slot, images, labels);
        lock (_gate)
        {
            _live.Add(owner);
        }

        return new BatchBuffer(TensorMemory.DataPointer(images), TensorMemory.DataPointer(labels), owner);
    }

    public void Free(in BatchBuffer buffer)
    {
        if (buffer.Owner is not SlotTensors owner)
        {
            throw new ArgumentException("Buffer was not allocated by this allocator.", nameof(buffer));
        }

        lock (_gate)
        {
            if (!_live.Remove(owner))
            {
                throw new ArgumentException($"Slot {owner.Slot} was already freed.", nameof(buffer));
            }
        }

        owner.Images.Dispose();
        owner.Labels.Dispose();
    }

    private Tensor Place(Tensor t)
    {
        t.DetachFromDisposeScope();
        if (!_pin)
        {
            return t;
        }

        // pin_memory returns a new page-locked copy; the pageable original is no longer needed.
        Tensor pinned = t.pin_memory();
        pinned.DetachFromDisposeScope();
        t.Dispose();
        return pinned;
    }

    /// <summary>Finds the tensors behind a batch handed out by a loader that uses this allocator.</summary>
    public static SlotTensors TensorsOf(in BatchBuffer buffer) =>
        buffer.Owner as SlotTensors
        ?? throw new ArgumentException("The batch was not allocated by a TensorBatchAllocator.", nameof(buffer));
}
