using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Loader;

/// <summary>
/// Software prefetch of what a worker touches next. A hint only: prefetches never fault, so memory of a mapped file
/// that is not resident is simply not fetched, and machines without SSE do nothing.
/// </summary>
internal static unsafe class CacheHint
{
    /// <summary>Past this many bytes of one region the hardware prefetchers, which follow sequential lines, take over.</summary>
    public const int MaxPrefetchBytes = 16384;

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
