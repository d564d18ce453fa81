using System.Runtime.CompilerServices;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Per-thread scratch that grows once and is then reused, so steady-state calls allocate nothing. Spans start on a
/// 64-byte boundary. Callers must not hold two leases of the same kind at once. A lease above
/// <see cref="RetainedBytes"/> gets an array of its own that is dropped after the call: one huge image must not stay
/// allocated for the thread's lifetime, and such an image costs far more than the allocation.
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

    public static Span<int> Ints(int length) => Grow(ref ints, length);

    public static Span<int> Ints2(int length) => Grow(ref ints2, length);

    public static Span<byte> Bytes(int length) => Grow(ref bytes, length);

    public static Span<byte> Bytes2(int length) => Grow(ref bytes2, length);

    private static unsafe Span<T> Grow<T>(ref T[]? buffer, int length)
        where T : unmanaged
    {
        if ((long)length * sizeof(T) > RetainedBytes)
        {
            return Aligned(GC.AllocateUninitializedArray<T>(length + (Alignment / sizeof(T)), pinned: true), length);
        }

        if (buffer is null || buffer.Length < length + (Alignment / sizeof(T)))
        {
            // Round up so that a slowly growing size does not reallocate on every call. Pinned, so the aligned
            // start found below stays aligned: 64-byte rows then never straddle two cache lines.
            buffer = GC.AllocateUninitializedArray<T>(Math.Max(length, 1024) + (Alignment / sizeof(T)), pinned: true);
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
