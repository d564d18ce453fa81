using System.Runtime.InteropServices;

namespace Hpc.Loader;

/// <summary>One worker's counters, padded so two workers never write the same cache line.</summary>
[StructLayout(LayoutKind.Sequential)]
internal sealed class WorkerState(int id, int opCount)
{
#pragma warning disable CS0169, IDE0051
    private readonly Pad64 _before;
#pragma warning restore CS0169, IDE0051
    public long Images;
    public long Skipped;
    public long StallTicks;
    public readonly int Id = id;
    public volatile bool Pinned;
    public Thread? Thread;

    /// <summary>Per-op Stopwatch ticks; padded at both ends (8 longs) against neighbouring arrays.</summary>
    public readonly long[] OpTicksPadded = new long[opCount + 16];
#pragma warning disable CS0169, IDE0051
    private readonly Pad64 _after;
#pragma warning restore CS0169, IDE0051

    public Span<long> OpTicks => OpTicksPadded.AsSpan(8, OpTicksPadded.Length - 16);
}
