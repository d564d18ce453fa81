using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

        if (Covering(src).Overlaps(Covering(dst)))
        {
            throw new ArgumentException("The destination must not overlap the source.", nameof(dst));
        }
    }

    /// <summary>Distance between two rows in elements; Span2D does not expose its pitch.</summary>
    public static nint Pitch(ReadOnlySpan2D<byte> image) =>
        image.Height < 2
            ? image.Width
            : Unsafe.ByteOffset(ref Unsafe.AsRef(in image.DangerousGetReference()), ref Unsafe.AsRef(in image.DangerousGetReferenceAt(1, 0)));

    public static nint Pitch(Span2D<byte> image) => Pitch((ReadOnlySpan2D<byte>)image);

    // The whole address range the image touches, rows and the gaps between them, so that Overlaps is conservative.
    private static ReadOnlySpan<byte> Covering(ReadOnlySpan2D<byte> image) =>
        MemoryMarshal.CreateReadOnlySpan(
            ref Unsafe.AsRef(in image.DangerousGetReference()),
            checked((int)((image.Height - 1) * Pitch(image) + image.Width)));
}
