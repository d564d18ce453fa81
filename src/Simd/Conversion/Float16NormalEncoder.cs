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
    private static (uint Multiplier, uint Offset, HalfRange Range)? last;

    public static Half Encode(float value) => (Half)value;

    /// <summary>True when every byte's normalised value is zero or a normal half (or rounds up to infinity from one).</summary>
    public static bool Covers(float multiplier, float offset) => Range(multiplier, offset) != HalfRange.Any;

    /// <summary>
    /// Which half encoder the arithmetic paths may take: <see cref="HalfRange.NonNegative"/> when every byte's value
    /// is +0 or a positive normal half (<see cref="Float16NonNegativeEncoder"/>), <see cref="HalfRange.Normal"/> when
    /// it is a signed zero or a normal half of either sign (this encoder), <see cref="HalfRange.Any"/> otherwise.
    /// </summary>
    public static HalfRange Range(float multiplier, float offset)
    {
        uint m = BitConverter.SingleToUInt32Bits(multiplier), a = BitConverter.SingleToUInt32Bits(offset);
        if (last is { } known && known.Multiplier == m && known.Offset == a)
        {
            return known.Range;
        }

        bool covered = true, negative = false;
        for (int b = 0; b < 256 && covered; b++)
        {
            // The driver's own two roundings: product, then sum.
            float scaled = b * multiplier;
            uint bits = BitConverter.SingleToUInt32Bits(scaled + offset);
            int magnitude = (int)(bits & 0x7FFF_FFFF);
            covered = magnitude == 0 || (magnitude >= Float16Encoder.SmallestNormal && magnitude < Float16Encoder.Overflow);
            negative |= bits >= 0x8000_0000u;
        }

        HalfRange range = !covered ? HalfRange.Any : negative ? HalfRange.Normal : HalfRange.NonNegative;
        last = (m, a, range);
        return range;
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
    public static void Store(Vector256<float> values, ref Half destination) => Float16Encoder.Store(Bits(values), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> values, ref Half destination) => Float16Encoder.Store(Bits(values), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> first, Vector256<float> second, ref Half destination) =>
        Float16Encoder.Store(Bits(first), Bits(second), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> first, Vector512<float> second, ref Half destination) =>
        Float16Encoder.Store(Bits(first), Bits(second), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Bits(Vector256<float> values)
    {
        Vector256<uint> bits = values.AsUInt32();
        Vector256<uint> sign = bits & Vector256.Create(0x8000_0000u);
        Vector256<uint> magnitude = bits ^ sign;
        return Vector256.Max(Float16Encoder.Normal(magnitude).AsInt32(), Vector256<int>.Zero).AsUInt32() | (sign >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Bits(Vector512<float> values)
    {
        Vector512<uint> bits = values.AsUInt32();
        Vector512<uint> sign = bits & Vector512.Create(0x8000_0000u);
        Vector512<uint> magnitude = bits ^ sign;
        return Vector512.Max(Float16Encoder.Normal(magnitude).AsInt32(), Vector512<int>.Zero).AsUInt32() | (sign >> 16);
    }
}

/// <summary>The bytes' normalised values as halves, which decides the encoder (<see cref="Float16NormalEncoder.Range"/>).</summary>
internal enum HalfRange
{
    /// <summary>Some value is a half subnormal or overflows: the full encoder.</summary>
    Any,

    /// <summary>Zeros and normal halves of either sign.</summary>
    Normal,

    /// <summary>+0 and positive normal halves: no sign to carry (unit-range and raw-byte tensors).</summary>
    NonNegative,
}

/// <summary>
/// <see cref="Float16NormalEncoder"/> without the sign: for normalisations whose every byte's value is +0 or a positive
/// normal half (<see cref="HalfRange.NonNegative"/>), the rebias and rounding alone. A zero comes out of
/// <see cref="Float16Encoder.Normal(Vector256{uint})"/> negative; the 256- and 512-bit stores pack with unsigned
/// saturation, which makes it 0, and the 128-bit store truncates, so that width clamps first.
/// </summary>
internal readonly struct Float16NonNegativeEncoder : IFloatEncoder<Half>
{
    public static Half Encode(float value) => (Half)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> values, ref Half destination) =>
        Float16Encoder.Store(Vector128.Max(Float16Encoder.Normal(values.AsUInt32()).AsInt32(), Vector128<int>.Zero).AsUInt32(), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> values, ref Half destination) =>
        Float16Encoder.Store(Float16Encoder.Normal(values.AsUInt32()), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> values, ref Half destination) =>
        Float16Encoder.Store(Float16Encoder.Normal(values.AsUInt32()), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> first, Vector256<float> second, ref Half destination) =>
        Float16Encoder.Store(Float16Encoder.Normal(first.AsUInt32()), Float16Encoder.Normal(second.AsUInt32()), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> first, Vector512<float> second, ref Half destination) =>
        Float16Encoder.Store(Float16Encoder.Normal(first.AsUInt32()), Float16Encoder.Normal(second.AsUInt32()), ref destination);
}
