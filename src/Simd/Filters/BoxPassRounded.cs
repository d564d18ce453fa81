using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Filters;

/// <summary>
/// Pillow's pass as one float fused multiply-add that rounds to an integer, for the radii <see cref="IsExact"/>
/// proves: about 99% of box radius 0, where the 16-bit kernels' proof admits about 95%.
/// <para>
/// A pixel v is held as the float M + v with M = 1.5 * 2^23, whose unit in the last place is 1, so its bit pattern
/// is 0x4B400000 + v. fma(M + c, -2, M + l) = -M + (l - 2c) is an integer of magnitude in [2^23, 2^24), so it is
/// exact; adding M + r gives the small integer d = l + r - 2c exactly; and fma(d, F / 2^24, M + c) rounds the exact
/// c + d*F/2^24 once, to nearest, straight into the same encoding: three float operations per pass, no conversion.
/// </para>
/// <para>
/// Pillow's weights satisfy W = 2^24 - 2F - e with e = 0 or 1, so its pass is c + floor((d*F + 2^23 - e*c) / 2^24)
/// with d in [-510, 510] and c in [0, 255]. With u = (d*F + 2^23) mod 2^24 that is c + floor((d*F + 2^23) / 2^24)
/// whenever u &gt;= e*c, and round-to-nearest gives the same whenever d*F/2^24 is not a half-integer (u != 0). So the
/// pass is exact when u &gt;= 1 (e = 0) or u &gt;= 255 (e = 1) for every d: 1021 values, checked per call
/// (<see cref="IsExact"/>).
/// </para>
/// </summary>
internal readonly struct BoxPassRounded : IBoxPass
{
    /// <summary>The bit pattern of 1.5 * 2^23.</summary>
    public const uint Magic = 0x4B40_0000;

    public static uint Bias => Magic;

    /// <summary>F / 2^24 is exact in float (F &lt; 2^24); the second constant is unused.</summary>
    public static (uint First, uint Second) Constants(BoxBlurWeights weights) =>
        (BitConverter.SingleToUInt32Bits(weights.Fraction / 16_777_216f), 0);

    /// <summary>
    /// True when every (d, c) gives Pillow's result: the pass is box radius 0 and no d in [-510, 510] puts
    /// u(d) = (d*F + 2^23) mod 2^24 below the margin m (1, or 255 when e = 1).
    /// <para>
    /// d and -d are checked together. With a = d*F mod 2^24, u(d) &lt; m means a in [2^23, 2^23 + m) and u(-d) =
    /// (2^23 - a) mod 2^24 &lt; m means a in (2^23 - m, 2^23], so both hold exactly when t(d) = (d*F + 2^23 + m - 1)
    /// mod 2^24 is at least 2m - 1. The 511 values d = 0..510 (and 511, which only makes the proof stricter) are 32
    /// steps of 16 lanes, or 64 of 8 where 512-bit vectors are not accelerated (about 20 and 40 ns; the loop over
    /// all 1,021 values in 8 lanes took 75-100 ns).
    /// </para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsExact(BoxBlurWeights weights)
    {
        long e = weights.Remainder;
        if (weights.Radius != 0 || e is not (0 or 1))
        {
            return false;
        }

        // Lanes wrap mod 2^32, which keeps the residues mod 2^24 exact.
        uint f = weights.Fraction, margin = e == 0 ? 1u : 255u;
        uint start = BoxBlurWeights.Half + margin - 1, mask = (1u << BoxBlurWeights.Shift) - 1, worst = (2 * margin) - 2;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<uint> t = (Vector512<uint>.Indices * f) + Vector512.Create(start);
            Vector512<uint> step = Vector512.Create((uint)Vector512<uint>.Count * f), lowest = Vector512<uint>.AllBitsSet;
            for (int i = 0; i < 512 / Vector512<uint>.Count; i++)
            {
                lowest = Vector512.Min(lowest, t & Vector512.Create(mask));
                t += step;
            }

            return Vector512.GreaterThanAll(lowest, Vector512.Create(worst));
        }

        Vector256<uint> u = (Vector256<uint>.Indices * f) + Vector256.Create(start);
        Vector256<uint> stride = Vector256.Create((uint)Vector256<uint>.Count * f), least = Vector256<uint>.AllBitsSet;
        for (int i = 0; i < 512 / Vector256<uint>.Count; i++)
        {
            least = Vector256.Min(least, u & Vector256.Create(mask));
            u += stride;
        }

        return Vector256.GreaterThanAll(least, Vector256.Create(worst));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Apply(Vector128<uint> left, Vector128<uint> centre, Vector128<uint> right, Vector128<uint> first, Vector128<uint> second)
    {
        Vector128<float> c = centre.AsSingle();
        Vector128<float> d = Vector128.FusedMultiplyAdd(c, Vector128.Create(-2f), left.AsSingle()) + right.AsSingle();
        return Vector128.FusedMultiplyAdd(d, first.AsSingle(), c).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Apply(Vector256<uint> left, Vector256<uint> centre, Vector256<uint> right, Vector256<uint> first, Vector256<uint> second)
    {
        Vector256<float> c = centre.AsSingle();
        Vector256<float> d = Vector256.FusedMultiplyAdd(c, Vector256.Create(-2f), left.AsSingle()) + right.AsSingle();
        return Vector256.FusedMultiplyAdd(d, first.AsSingle(), c).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Apply(Vector512<uint> left, Vector512<uint> centre, Vector512<uint> right, Vector512<uint> first, Vector512<uint> second)
    {
        Vector512<float> c = centre.AsSingle();
        Vector512<float> d = Vector512.FusedMultiplyAdd(c, Vector512.Create(-2f), left.AsSingle()) + right.AsSingle();
        return Vector512.FusedMultiplyAdd(d, first.AsSingle(), c).AsUInt32();
    }
}
