namespace Hpc.Simd.Filters;

/// <summary>
/// Per-thread scratch grown once to the largest image seen, so that filters allocate nothing in steady state and
/// stay safe when the loader calls them from several worker threads: the filters' own slots, leased under
/// <see cref="Scratch"/>'s rules (64-byte aligned; a lease above <see cref="Scratch.RetainedBytes"/> gets an array of
/// its own that is dropped after the call, so one huge image does not stay allocated for the thread's lifetime).
/// </summary>
internal static class FilterScratch
{
    [ThreadStatic]
    private static byte[]? bytes;

    [ThreadStatic]
    private static byte[]? band;

    [ThreadStatic]
    private static nint[]? offsets;

    /// <summary>The planes of one blur call.</summary>
    public static Span<byte> Bytes(int length) => Scratch.Lease(ref bytes, length);

    /// <summary>The output of one band (<see cref="BlurBands"/>), leased while the blur holds <see cref="Bytes"/>.</summary>
    public static Span<byte> Band(int length) => Scratch.Lease(ref band, length);

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
