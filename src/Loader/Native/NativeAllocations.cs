using System.Runtime.InteropServices;

namespace Hpc.Loader;

/// <summary>
/// Every native block the loader owns goes through here, so tests (and a trainer's leak check) can prove that
/// dispose really gave everything back: <see cref="Outstanding"/> returns to zero.
/// </summary>
public static unsafe class NativeAllocations
{
    private static long s_outstanding;
    private static long s_outstandingBytes;

    /// <summary>Number of blocks allocated and not yet freed.</summary>
    public static long Outstanding => Volatile.Read(ref s_outstanding);

    /// <summary>Bytes in blocks allocated and not yet freed.</summary>
    public static long OutstandingBytes => Volatile.Read(ref s_outstandingBytes);

    /// <summary>Allocates <paramref name="bytes"/> zeroed bytes aligned to <paramref name="alignment"/>.</summary>
    public static void* AlignedAlloc(nuint bytes, nuint alignment = 64)
    {
        // A zero-byte request would give a pointer we cannot tell apart from failure on some libcs.
        nuint size = bytes == 0 ? alignment : bytes;
        void* p = NativeMemory.AlignedAlloc(size, alignment);
        NativeMemory.Clear(p, size);
        Interlocked.Increment(ref s_outstanding);
        Interlocked.Add(ref s_outstandingBytes, (long)size);
        return p;
    }

    /// <summary>Frees a block from <see cref="AlignedAlloc"/>; <paramref name="bytes"/> must be the requested size.</summary>
    public static void AlignedFree(void* p, nuint bytes, nuint alignment = 64)
    {
        if (p == null)
        {
            return;
        }

        nuint size = bytes == 0 ? alignment : bytes;
        NativeMemory.AlignedFree(p);
        Interlocked.Decrement(ref s_outstanding);
        Interlocked.Add(ref s_outstandingBytes, -(long)size);
    }
}
