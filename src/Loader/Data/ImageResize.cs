using CommunityToolkit.HighPerformance;

namespace Hpc.Loader;

/// <summary>The resize used by <see cref="PackedFile.Prepare"/>: Pillow's bicubic resize, from Hpc.Simd.</summary>
internal static class ImageResize
{
    public static void Bicubic(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
        => Hpc.Simd.Geometry.ScaleTranslate.Apply(src, dst, dst.Width, dst.Height, 0, 0);
}
