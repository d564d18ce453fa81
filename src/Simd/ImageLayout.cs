using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd;

/// <summary>Row addressing for Span2D views, whose pitch the toolkit does not expose directly.</summary>
internal static class ImageLayout
{
    /// <summary>Distance in bytes between the starts of two consecutive rows.</summary>
    public static nint Stride(ReadOnlySpan2D<byte> image) => image.Height > 1
        ? Unsafe.ByteOffset(ref image.DangerousGetReferenceAt(0, 0), ref image.DangerousGetReferenceAt(1, 0))
        : image.Width;

    /// <summary>Distance in bytes between the starts of two consecutive rows.</summary>
    public static nint Stride(Span2D<byte> image) => image.Height > 1
        ? Unsafe.ByteOffset(ref image.DangerousGetReferenceAt(0, 0), ref image.DangerousGetReferenceAt(1, 0))
        : image.Width;

    /// <summary>True when every in-image byte offset (row * stride + column) fits an int, as the vector paths need.</summary>
    public static bool OffsetsFitInt32(ReadOnlySpan2D<byte> image) =>
        ((long)Stride(image) * image.Height) + image.Width < int.MaxValue;

    /// <summary>
    /// The whole address range a non-empty image touches, rows and the gaps between them, so that an overlap test
    /// against it is conservative.
    /// </summary>
    public static ReadOnlySpan<byte> Covering(ReadOnlySpan2D<byte> image) =>
        MemoryMarshal.CreateReadOnlySpan(
            ref Unsafe.AsRef(in image.DangerousGetReference()),
            checked((int)(((image.Height - 1) * Stride(image)) + image.Width)));
}
