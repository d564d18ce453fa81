using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>
/// Readable reference for <see cref="Smooth"/>: Pillow's ImageFilter.SMOOTH, the 3x3 kernel (1 1 1 / 1 5 1 / 1 1 1)
/// divided by 13, with the first and last rows and columns copied through.
/// </summary>
[SkipLocalsInit]
public static class SmoothScalar
{
    /// <summary>Smooths <paramref name="src"/> into <paramref name="dst"/> (same size, no overlap).</summary>
    /// <exception cref="ArgumentException">Empty source, or mismatched or overlapping destination.</exception>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst)
    {
        FilterGuard.ThrowIfInvalid(src, dst);
        Stencil3x3.Run<SmoothOperator>(src, dst, SimdPath.Scalar);
    }
}

/// <summary>
/// Pillow computes sum(k * p) / 13 + 0.5 in float and truncates. With m = box9 + 4 * centre that is
/// floor(m / 13 + 0.5); m / 13 never has a fractional part of exactly one half (13 is odd), and the nearest it gets
/// (1/26 away) is far beyond float error, so the integer form floor((m + 6) / 13) is exact.
/// </summary>
internal readonly struct SmoothOperator : IStencil3x3Operator
{
    // floor(x / 13) == (x * 5042) >> 16 for every x <= 13 * 255 + 6, so vectors can use a 16-bit multiply-high.
    public const ushort Reciprocal13 = 5042;

    public static int Scalar(int box9, int centre) => (box9 + 4 * centre + 6) / 13;

    public static Vector128<ushort> Apply(Vector128<ushort> box9, Vector128<ushort> centre) =>
        Stencil3x3Vector128.MultiplyHigh(box9 + (centre << 2) + Vector128.Create((ushort)6), Vector128.Create(Reciprocal13));

    public static Vector256<ushort> Apply(Vector256<ushort> box9, Vector256<ushort> centre) =>
        Avx2.MultiplyHigh(box9 + (centre << 2) + Vector256.Create((ushort)6), Vector256.Create(Reciprocal13));

    public static Vector512<ushort> Apply(Vector512<ushort> box9, Vector512<ushort> centre) =>
        Avx512BW.MultiplyHigh(box9 + (centre << 2) + Vector512.Create((ushort)6), Vector512.Create(Reciprocal13));
}
