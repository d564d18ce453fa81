using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Filters;

/// <summary>
/// Pillow's pass as written, (c*W + (l + r)*F + 2^23) &gt;&gt; 24 in 32-bit integer lanes: exact for every radius,
/// at the price of two vpmulld (two uops and ten cycles each on Intel).
/// </summary>
internal readonly struct BoxPassFixed : IBoxPass
{
    public static uint Bias => 0;

    public static (uint First, uint Second) Constants(BoxBlurWeights weights) => (weights.Whole, weights.Fraction);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Apply(Vector128<uint> left, Vector128<uint> centre, Vector128<uint> right, Vector128<uint> first, Vector128<uint> second) =>
        (centre * first + (left + right) * second + Vector128.Create(BoxBlurWeights.Half)) >> BoxBlurWeights.Shift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Apply(Vector256<uint> left, Vector256<uint> centre, Vector256<uint> right, Vector256<uint> first, Vector256<uint> second) =>
        (centre * first + (left + right) * second + Vector256.Create(BoxBlurWeights.Half)) >> BoxBlurWeights.Shift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Apply(Vector512<uint> left, Vector512<uint> centre, Vector512<uint> right, Vector512<uint> first, Vector512<uint> second) =>
        (centre * first + (left + right) * second + Vector512.Create(BoxBlurWeights.Half)) >> BoxBlurWeights.Shift;
}
