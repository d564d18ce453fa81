using System.Runtime.InteropServices;

namespace Hpc.Loader;

/// <summary>
/// Coordination state of one ring buffer. Written rarely (once per batch), but kept on its own cache lines so
/// that the per-chunk decrement of <see cref="Remaining"/> does not disturb neighbours.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal sealed class RingSlot
{
#pragma warning disable CS0169, IDE0051 // padding against false sharing
    private readonly Pad64 _before;
#pragma warning restore CS0169, IDE0051
    public int Remaining;
    public long WritableSeq;
    public long ReadySeq = -1;
    public long LeasedSeq = -1;
    public int Index;
    public BatchBuffer Buffer;
#pragma warning disable CS0169, IDE0051
    private readonly Pad64 _after;
#pragma warning restore CS0169, IDE0051
}

[StructLayout(LayoutKind.Sequential, Size = 64)]
internal struct Pad64
{
}
