namespace Hpc.Simd.Geometry;

/// <summary>
/// Per-thread scratch that grows once and is then reused, so steady-state calls allocate nothing. Callers must not
/// hold two leases of the same kind at once.
/// </summary>
internal static class Scratch
{
    [ThreadStatic]
    private static int[]? ints;

    [ThreadStatic]
    private static byte[]? bytes;

    [ThreadStatic]
    private static byte[]? bytes2;

    public static Span<int> Ints(int length) => Grow(ref ints, length);

    public static Span<byte> Bytes(int length) => Grow(ref bytes, length);

    public static Span<byte> Bytes2(int length) => Grow(ref bytes2, length);

    private static Span<T> Grow<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            // Round up so that a slowly growing size does not reallocate on every call.
            buffer = new T[Math.Max(length, 1024) + 63];
        }

        return buffer.AsSpan(0, length);
    }
}
