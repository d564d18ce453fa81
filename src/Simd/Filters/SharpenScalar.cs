using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>
/// Readable reference for <see cref="Sharpen"/>: Pillow's ImageFilter.SHARPEN, the 3x3 kernel
/// (-2 -2 -2 / -2 32 -2 / -2 -2 -2) divided by 16, with the first and last rows and columns copied through.
/// </summary>
[SkipLocalsInit]
public static class SharpenScalar
{
    /// <summary>Sharpens <paramref name="src"/> into <paramref name="dst"/> (same size, no overlap).</summary>
    /// <exception cref="ArgumentException">Empty source, or mismatched or overlapping destination.</exception>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        FilterGuard.ThrowIfInvalid(src, dst);
        Stencil3x3.Run<SharpenOperator>(src, dst, SimdPath.Scalar);
    }
}

/// <summary>
/// The kernel is (34 * centre - 2 * box9) / 16 = (17 * centre - box9) / 8, a multiple of 1/8 that float holds
/// exactly, so Pillow's float sum + 0.5, clipped to [0, 255] and truncated, is floor((n + 4) / 8) clamped. In
/// vectors the clamp at 0 is an unsigned saturating subtraction of the box sum (17 * centre + 4 is at most 4339),
/// which leaves a logical shift and one min.
/// </summary>
internal readonly struct SharpenOperator : IStencil3x3Operator
{
    public static int Scalar(int box9, int centre) => Math.Clamp((17 * centre - box9 + 4) >> 3, 0, 255);

    public static Vector128<ushort> Apply(Vector128<ushort> box9, Vector128<ushort> centre)
    {
        Vector128<ushort> n = Vector128.SubtractSaturate((centre << 4) + centre + Vector128.Create((ushort)4), box9);
        return Vector128.Min(n >> 3, Vector128.Create((ushort)255));
    }

    public static Vector256<ushort> Apply(Vector256<ushort> box9, Vector256<ushort> centre)
    {
        Vector256<ushort> n = Vector256.SubtractSaturate((centre << 4) + centre + Vector256.Create((ushort)4), box9);
        return Vector256.Min(n >> 3, Vector256.Create((ushort)255));
    }

    public static Vector512<ushort> Apply(Vector512<ushort> box9, Vector512<ushort> centre)
    {
        Vector512<ushort> n = Vector512.SubtractSaturate((centre << 4) + centre + Vector512.Create((ushort)4), box9);
        return Vector512.Min(n >> 3, Vector512.Create((ushort)255));
    }
}
