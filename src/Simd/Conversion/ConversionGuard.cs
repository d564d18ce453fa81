using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Conversion;

/// <summary>Argument checks of the conversions, all run before the first write.</summary>
internal static class ConversionGuard
{
    public static void ThrowIfInvalid<TOut>(ReadOnlySpan2D<byte> src, Span<TOut> dst, in Normalization n)
        where TOut : unmanaged
    {
        ThrowIfInvalid(src, dst);
        n.ThrowIfInvalid(nameof(n));
    }

    public static void ThrowIfInvalid<TOut>(ReadOnlySpan2D<byte> src, Span<TOut> dst)
        where TOut : unmanaged
    {
        if (src.Height == 0 || src.Width == 0)
        {
            throw new ArgumentException("The source image must not be empty.", nameof(src));
        }

        if (dst.Length < src.Length)
        {
            throw new ArgumentException($"The destination holds {dst.Length} elements; the {src.Height}x{src.Width} image needs {src.Length}.", nameof(dst));
        }

        if (ImageLayout.Overlap(src, (ReadOnlySpan<TOut>)dst))
        {
            throw new ArgumentException("The destination must not overlap the source.", nameof(dst));
        }
    }
}
