using System.Runtime.CompilerServices;

namespace Hpc.Simd.Filters;

/// <summary>
/// Per-thread scratch grown once to the largest image seen, so that filters allocate nothing in steady state and
/// stay safe when the loader calls them from several worker threads. A lease above <see cref="RetainedBytes"/> gets
/// an array of its own that is dropped after the call, so one huge image does not stay allocated for the thread's
/// lifetime.
/// </summary>
internal static class FilterScratch
{
    /// <summary>The largest lease a thread keeps for reuse, in bytes.</summary>
    internal const int RetainedBytes = 16 << 20;

    [ThreadStatic]
    private static byte[]? bytes;

    [ThreadStatic]
    private static byte[]? band;

    [ThreadStatic]
    private static nint[]? offsets;

    /// <summary>The planes of one blur call.</summary>
    public static Span<byte> Bytes(int length) => Lease(ref bytes, length);

    /// <summary>The output of one band (<see cref="BlurBands"/>), leased while the blur holds <see cref="Bytes"/>.</summary>
    public static Span<byte> Band(int length) => Lease(ref band, length);

    private static Span<byte> Lease(ref byte[]? slot, int length)
    {
        const int alignment = 64;
        byte[]? buffer = slot;
        if (length > RetainedBytes)
        {
            buffer = GC.AllocateUninitializedArray<byte>(length + alignment, pinned: true);
        }
        else if (buffer is null || buffer.Length < length + alignment)
        {
            // Round up so that a slowly growing sequence of sizes does not reallocate on every call. Pinned, so the
            // aligned start found below stays aligned: 64-byte rows then never straddle two cache lines.
            int size = Math.Max(length, (int)Math.Min((long)length * 3 / 2, Array.MaxLength - alignment));
            buffer = GC.AllocateUninitializedArray<byte>(size + alignment, pinned: true);
            slot = buffer;
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
