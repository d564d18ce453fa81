using System.Runtime.CompilerServices;

namespace Hpc.Simd.Filters;

/// <summary>
/// Per-thread scratch grown once to the largest image seen, so that filters allocate nothing in steady state and
/// stay safe when the loader calls them from several worker threads.
/// </summary>
internal static class FilterScratch
{
    [ThreadStatic]
    private static byte[]? bytes;

    [ThreadStatic]
    private static nint[]? offsets;

    public static Span<byte> Bytes(int length)
    {
        const int alignment = 64;
        byte[]? buffer = bytes;
        if (buffer is null || buffer.Length < length + alignment)
        {
            // Round up so that a slowly growing sequence of sizes does not reallocate on every call. Pinned, so the
            // aligned start found below stays aligned: 64-byte rows then never straddle two cache lines.
            int size = Math.Max(length, (int)Math.Min((long)length * 3 / 2, Array.MaxLength - alignment));
            buffer = GC.AllocateUninitializedArray<byte>(size + alignment, pinned: true);
            bytes = buffer;
        }

        int start;
        unsafe
        {
            start = (int)((alignment - ((nint)Unsafe.AsPointer(ref buffer[0]) & (alignment - 1))) & (alignment - 1));
        }

        return buffer.AsSpan(start, length);
    }

    public static Span<nint> Offsets(int length)
    {
        nint[]? buffer = offsets;
        if (buffer is null || buffer.Length < length)
        {
            buffer = new nint[Math.Max(length, 64)];
            offsets = buffer;
        }

        return buffer.AsSpan(0, length);
    }
}
