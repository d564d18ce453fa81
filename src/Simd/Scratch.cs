using System.Runtime.CompilerServices;

namespace Hpc.Simd;

/// <summary>
/// Per-thread scratch that grows once and is then reused, so steady-state calls allocate nothing. Spans start on a
/// 64-byte boundary. Callers must not hold two leases of the same kind at once. A lease above
/// <see cref="RetainedBytes"/> gets an array of its own that is dropped after the call: one huge image must not stay
/// allocated for the thread's lifetime, and such an image costs far more than the allocation. The filters keep their own
/// slots (<see cref="Filters.FilterScratch"/>) under the same rules, through <see cref="Lease"/>.
/// </summary>
internal static class Scratch
{
    private const int Alignment = 64;

    /// <summary>The largest lease a thread keeps for reuse, in bytes.</summary>
    internal const int RetainedBytes = 16 << 20;

    [ThreadStatic]
    private static int[]? ints;

    [ThreadStatic]
    private static int[]? ints2;

    [ThreadStatic]
    private static byte[]? bytes;

    [ThreadStatic]
    private static byte[]? bytes2;

    public static Span<int> Ints(int length) => Lease(ref ints, length);

    public static Span<int> Ints2(int length) => Lease(ref ints2, length);

    public static Span<byte> Bytes(int length) => Lease(ref bytes, length);

    public static Span<byte> Bytes2(int length) => Lease(ref bytes2, length);

    /// <summary>A 64-byte-aligned span of <paramref name="length"/> elements from the per-thread <paramref name="buffer"/>, grown as needed.</summary>
    internal static unsafe Span<T> Lease<T>(ref T[]? buffer, int length)
        where T : unmanaged
    {
        if ((long)length * sizeof(T) > RetainedBytes)
        {
            return Aligned(GC.AllocateUninitializedArray<T>(length + (Alignment / sizeof(T)), pinned: true), length);
        }

        if (buffer is null || buffer.Length < length + (Alignment / sizeof(T)))
        {
            // Round up by half so that a slowly growing size does not reallocate on every call (the lease is at most
            // RetainedBytes here, so this cannot overflow). Pinned, so the aligned start found below stays aligned:
            // 64-byte rows then never straddle two cache lines.
            int size = Math.Max(1024, length + (length / 2));
            buffer = GC.AllocateUninitializedArray<T>(size + (Alignment / sizeof(T)), pinned: true);
        }

        return Aligned(buffer, length);
    }

    private static unsafe Span<T> Aligned<T>(T[] buffer, int length)
        where T : unmanaged
    {
        nint misalignment = (nint)Unsafe.AsPointer(ref buffer[0]) & (Alignment - 1);
        int start = (int)((Alignment - misalignment) & (Alignment - 1)) / sizeof(T);
        return buffer.AsSpan(start, length);
    }
}
