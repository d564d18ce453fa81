using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Conversion;

/// <summary>
/// <see cref="Float16Encoder"/> for normalisations that send no byte below the smallest normal half (other than to
/// zero) nor to 65536 and beyond, which is every usual one: the vector forms keep the rebias and rounding and drop the
/// subnormal and overflow selects, a quarter of the arithmetic on the paths without a byte lookup. A byte has 256
/// values, so <see cref="Covers"/> checks them all, once per normalisation and thread.
/// </summary>
internal readonly struct Float16NormalEncoder : IFloatEncoder<Half>
{
    [ThreadStatic]
    private static (uint Multiplier, uint Offset, bool Covered)? last;

    public static Half Encode(float value) => (Half)value;

    /// <summary>True when every byte's normalised value is zero or a normal half (or rounds up to infinity from one).</summary>
    public static bool Covers(float multiplier, float offset)
    {
        uint m = BitConverter.SingleToUInt32Bits(multiplier), a = BitConverter.SingleToUInt32Bits(offset);
        if (last is { } known && known.Multiplier == m && known.Offset == a)
        {
            return known.Covered;
        }

        bool covered = true;
        for (int b = 0; b < 256 && covered; b++)
        {
            // The driver's own two roundings: product, then sum.
            float scaled = b * multiplier;
            int magnitude = (int)(BitConverter.SingleToUInt32Bits(scaled + offset) & 0x7FFF_FFFF);
            covered = magnitude == 0 || (magnitude >= Float16Encoder.SmallestNormal && magnitude < Float16Encoder.Overflow);
        }

        last = (m, a, covered);
        return covered;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> values, ref Half destination)
    {
        Vector128<uint> bits = values.AsUInt32();
        Vector128<uint> sign = bits & Vector128.Create(0x8000_0000u);
        Vector128<uint> magnitude = bits ^ sign;
        Vector128<uint> result = Vector128.Max(Float16Encoder.Normal(magnitude).AsInt32(), Vector128<int>.Zero).AsUInt32() | (sign >> 16);
        Float16Encoder.Store(result, ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> values, ref Half destination)
    {
        Vector256<uint> bits = values.AsUInt32();
        Vector256<uint> sign = bits & Vector256.Create(0x8000_0000u);
        Vector256<uint> magnitude = bits ^ sign;
        Vector256<uint> result = Vector256.Max(Float16Encoder.Normal(magnitude).AsInt32(), Vector256<int>.Zero).AsUInt32() | (sign >> 16);
        Float16Encoder.Store(result, ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> values, ref Half destination)
    {
        Vector512<uint> bits = values.AsUInt32();
        Vector512<uint> sign = bits & Vector512.Create(0x8000_0000u);
        Vector512<uint> magnitude = bits ^ sign;
        Vector512<uint> result = Vector512.Max(Float16Encoder.Normal(magnitude).AsInt32(), Vector512<int>.Zero).AsUInt32() | (sign >> 16);
        Float16Encoder.Store(result, ref destination);
    }
}
