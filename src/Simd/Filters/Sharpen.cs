using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>Pillow's ImageFilter.SHARPEN (3x3, border pixels copied), bit-identical on every ISA path.</summary>
public static class Sharpen
{
    /// <summary>Sharpens <paramref name="src"/> into <paramref name="dst"/> on <see cref="SimdDispatch.Best"/>.</summary>
    /// <exception cref="ArgumentException">Empty source, or mismatched or overlapping destination.</exception>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst) => Apply(src, dst, SimdDispatch.Best);

    /// <summary>Sharpens on a forced ISA path (tests, benchmarks).</summary>
    /// <exception cref="NotSupportedException"><paramref name="path"/> is not accelerated here.</exception>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        FilterGuard.ThrowIfInvalid(src, dst);
        Stencil3x3.Run<SharpenOperator>(src, dst, path);
    }
}
