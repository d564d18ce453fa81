using System.Runtime.InteropServices;

namespace Hpc.Loader;

/// <summary>
/// A lease on one ready batch in the ring. The memory stays valid until <see cref="Dispose"/>, which hands the
/// slot back to the producers; disposing twice is harmless. A value type, so leasing allocates nothing.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct Batch : IDisposable, IEquatable<Batch>
{
    private readonly BatchLoader? _owner;

    internal Batch(BatchLoader owner, long sequence, int epoch, int index, int paddedCount, int slot, BatchBuffer buffer, BatchLayout layout)
    {
        _owner = owner;
        Sequence = sequence;
        Epoch = epoch;
        Index = index;
        PaddedCount = paddedCount;
        Slot = slot;
        Buffer = buffer;
        Layout = layout;
    }

    /// <summary>Epoch this batch belongs to.</summary>
    public int Epoch { get; }

    /// <summary>Index of the batch within its epoch.</summary>
    public int Index { get; }

    /// <summary>Running number of the batch over all epochs (Epoch * BatchesPerEpoch + Index).</summary>
    public long Sequence { get; }

    /// <summary>Images in the batch (always the batch size; see <see cref="PaddedCount"/>).</summary>
    public int Count => Layout.BatchSize;

    /// <summary>Trailing slots that repeat earlier samples because the epoch ran out (DropLast = false).</summary>
    public int PaddedCount { get; }

    /// <summary>Ring slot holding the batch.</summary>
    public int Slot { get; }

    /// <summary>The slot's memory (as given by the allocator).</summary>
    public BatchBuffer Buffer { get; }

    /// <summary>Shape and element type.</summary>
    public BatchLayout Layout { get; }

    /// <summary>True while the lease is held (not disposed, loader alive).</summary>
    public bool IsValid => _owner is not null && _owner.IsLeased(Slot, Sequence);

    /// <summary>The NCHW image tensor; <typeparamref name="T"/> must match the element type (float, Half, ushort for bf16, byte).</summary>
    public unsafe Span<T> Images<T>()
        where T : unmanaged
    {
        if (sizeof(T) != Layout.ElementSize)
        {
            throw new ArgumentException($"Element type {typeof(T).Name} does not match the batch's {Layout.ElementType}.", nameof(T));
        }

        ThrowIfInvalid();
        return new Span<T>((void*)Buffer.Images, Count * Layout.ImageElements);
    }

    /// <summary>The image tensor as raw bytes, whatever the element type.</summary>
    public unsafe Span<byte> ImageBytes
    {
        get
        {
            ThrowIfInvalid();
            return new Span<byte>((void*)Buffer.Images, checked((int)Layout.ImageBytes));
        }
    }

    /// <summary>The labels (int64, one per slot).</summary>
    public unsafe Span<long> Labels
    {
        get
        {
            ThrowIfInvalid();
            return new Span<long>((void*)Buffer.Labels, Count);
        }
    }

    /// <summary>Returns the slot to the ring.</summary>
    public void Dispose() => _owner?.Return(Slot, Sequence);

    /// <inheritdoc />
    public bool Equals(Batch other) => ReferenceEquals(_owner, other._owner) && Sequence == other.Sequence && Slot == other.Slot;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Batch b && Equals(b);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sequence, Slot);

    /// <summary>Same lease.</summary>
    public static bool operator ==(Batch left, Batch right) => left.Equals(right);

    /// <summary>Different leases.</summary>
    public static bool operator !=(Batch left, Batch right) => !left.Equals(right);

    private void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ObjectDisposedException(nameof(Batch), "The batch was returned to the ring (or the loader was disposed).");
        }
    }
}
