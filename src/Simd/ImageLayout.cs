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
    /// True when the address ranges of two non-empty images (first byte to last byte, the gaps between rows included)
    /// meet: a conservative overlap test for the guards, with two row-offset products and no span built.
    /// </summary>
    public static bool Overlap(ReadOnlySpan2D<byte> a, ReadOnlySpan2D<byte> b)
    {
        ref byte aFirst = ref Unsafe.AsRef(in a.DangerousGetReference());
        ref byte bFirst = ref Unsafe.AsRef(in b.DangerousGetReference());
        ref byte aLast = ref Unsafe.AsRef(in a.DangerousGetReferenceAt(a.Height - 1, a.Width - 1));
        ref byte bLast = ref Unsafe.AsRef(in b.DangerousGetReferenceAt(b.Height - 1, b.Width - 1));
        return !Unsafe.IsAddressLessThan(ref aLast, ref bFirst) && !Unsafe.IsAddressLessThan(ref bLast, ref aFirst);
    }

    /// <summary>
    /// The whole address range a non-empty image touches, rows and the gaps between them, so that an overlap test
    /// against it is conservative.
    /// </summary>
    public static ReadOnlySpan<byte> Covering(ReadOnlySpan2D<byte> image) =>
        MemoryMarshal.CreateReadOnlySpan(
            ref Unsafe.AsRef(in image.DangerousGetReference()),
            checked((int)(((image.Height - 1) * Stride(image)) + image.Width)));
}
