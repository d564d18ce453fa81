using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Loader;

/// <summary>
/// Software prefetch of what a worker touches next. A hint only: prefetches never fault, so memory of a mapped file
/// that is not resident is simply not fetched, and machines without SSE do nothing.
/// </summary>
internal static unsafe class CacheHint
{
    /// <summary>
    /// How much of a record to ask for: its first four lines. The kernels then read the record front to back, which
    /// the L2 streamer follows on its own without holding up the core. Asking for every line of a 4 KiB record in one
    /// burst (64 prefetches) exhausted the line fill buffers and stalled the worker on the prefetch instructions:
    /// 12% of worker time in an `e2e` profile, 78% of the worker loop's own samples on that instruction. In a
    /// one-process harness alternating both (random 64x64 records of a 245 MB arena, half distorted, float16), four
    /// lines took 0.886 and 0.908 of the per-sample time of all 64 lines, two lines 0.929, eight 0.911; all 64 lines
    /// were no better than no prefetch at all (1.012).
    /// </summary>
    public const int RecordHeadBytes = 256;

    /// <summary>Asks for every 64-byte line of [p, p + bytes) into all cache levels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(void* p, int bytes)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        byte* start = (byte*)p;
        for (int offset = 0; offset < bytes; offset += 64)
        {
            Sse.Prefetch0(start + offset);
        }
    }
}
