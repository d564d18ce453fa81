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
    public static bool Overlap(ReadOnlySpan2D<byte> a, ReadOnlySpan2D<byte> b) =>
        Meet(ref First(a), ref Last(a), ref First(b), ref Last(b));

    /// <summary>
    /// True when a non-empty image's address range meets a non-empty span's (a tensor destination). Addresses, not
    /// lengths, so nothing overflows whatever the sizes.
    /// </summary>
    public static bool Overlap<T>(ReadOnlySpan2D<byte> image, ReadOnlySpan<T> span)
        where T : unmanaged
    {
        ref T first = ref MemoryMarshal.GetReference(span);
        ref byte last = ref Unsafe.Add(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref first, span.Length - 1)), Unsafe.SizeOf<T>() - 1);
        return Meet(ref First(image), ref Last(image), ref Unsafe.As<T, byte>(ref first), ref last);
    }

    private static ref byte First(ReadOnlySpan2D<byte> image) => ref Unsafe.AsRef(in image.DangerousGetReference());

    private static ref byte Last(ReadOnlySpan2D<byte> image) => ref Unsafe.AsRef(in image.DangerousGetReferenceAt(image.Height - 1, image.Width - 1));

    private static bool Meet(ref byte aFirst, ref byte aLast, ref byte bFirst, ref byte bLast) =>
        !Unsafe.IsAddressLessThan(ref aLast, ref bFirst) && !Unsafe.IsAddressLessThan(ref bLast, ref aFirst);
}
