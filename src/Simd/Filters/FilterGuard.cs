using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>Argument checks shared by every filter, run before anything is written to the destination.</summary>
internal static class FilterGuard
{
    public static void ThrowIfInvalid(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        if (src.Height == 0 || src.Width == 0)
        {
            throw new ArgumentException("The source image must not be empty.", nameof(src));
        }

        if (dst.Height != src.Height || dst.Width != src.Width)
        {
            throw new ArgumentException(
                $"The destination is {dst.Height}x{dst.Width} but the source is {src.Height}x{src.Width}; they must match.",
                nameof(dst));
        }

        if (ImageLayout.Overlap(src, dst))
        {
            throw new ArgumentException("The destination must not overlap the source.", nameof(dst));
        }
    }
}
