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
    public static void* AlignedAlloc(nuint bytes, nuint alignment = 64) => Allocate(bytes, alignment, advice: 0, out _);

    /// <summary>
    /// Like <see cref="AlignedAlloc"/>, for a large block read at random (the dataset arena): on Linux it is aligned to
    /// 2 MiB and advised onto transparent huge pages before its first touch, so one TLB entry maps 2 MiB instead of
    /// 4 KiB. Random 4 KiB records of a 245 MB arena otherwise miss the TLB on nearly every sample (measured in one
    /// process: reading a random 64x64 record took 0.53-0.66 of the time on huge pages). <paramref name="hugePages"/>
    /// says whether the kernel took the advice and gives huge pages to advised regions (THP "always" or "madvise").
    /// Free with <see cref="AlignedFree"/>.
    /// </summary>
    public static void* AlignedAllocHuge(nuint bytes, out bool hugePages)
    {
        if (!Libc.IsLinux || bytes < Libc.HugePageSize)
        {
            hugePages = false;
            return AlignedAlloc(bytes, 64);
        }

        void* p = Allocate(bytes, Libc.HugePageSize, Libc.MadvHugePage, out bool advised);
        hugePages = advised && Libc.TransparentHugePages;
        return p;
    }

    /// <summary>The one allocation path: aligned, madvise'd (when <paramref name="advice"/> is not 0) before the
    /// first touch, zeroed, and counted.</summary>
    private static void* Allocate(nuint bytes, nuint alignment, int advice, out bool advised)
    {
        // A zero-byte request would give a pointer we cannot tell apart from failure on some libcs.
        nuint size = bytes == 0 ? alignment : bytes;
        void* p = NativeMemory.AlignedAlloc(size, alignment);
        advised = advice != 0 && Libc.AdviseRange((byte*)p, (long)size, 0, (long)size, advice);
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
