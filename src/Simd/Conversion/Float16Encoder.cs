using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Conversion;

/// <summary>
/// IEEE half bits, round to nearest even, bit-identical to the (Half) cast. .NET exposes no F16C conversion, so the
/// vector forms use the integer method: for normal halves, rebias the exponent and add 0xFFF plus the lowest kept
/// mantissa bit before dropping 13 bits; for results below the smallest normal half, add 0.5f so the float adder
/// itself rounds the mantissa into place; at or above 65536 (where even rounding can no longer land below
/// infinity) return infinity. NaN cannot reach here (normalisation is validated finite).
/// </summary>
internal readonly struct Float16Encoder : IFloatEncoder<Half>
{
    internal const int SmallestNormal = 113 << 23; // 2^-14 as float bits
    internal const int Overflow = 143 << 23;       // 2^16 as float bits
    private const uint Rebias = unchecked((uint)((15 - 127) << 23)) + 0xFFF;
    private const uint HalfBias = 126u << 23;     // 0.5f: shifts subnormal mantissas to the bottom bits
    private const uint Infinity = 0x7C00;

    public static Half Encode(float value) => (Half)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Bits(Vector128<float> values)
    {
        Vector128<uint> bits = values.AsUInt32();
        Vector128<uint> sign = bits & Vector128.Create(0x8000_0000u);
        Vector128<uint> magnitude = bits ^ sign;
        Vector128<uint> normal = Normal(magnitude);
        Vector128<uint> subnormal = (magnitude.AsSingle() + Vector128.Create(0.5f)).AsUInt32() - Vector128.Create(HalfBias);
        Vector128<uint> result = Vector128.ConditionalSelect(
            Vector128.LessThan(magnitude.AsInt32(), Vector128.Create(SmallestNormal)).AsUInt32(), subnormal, normal);
        result = Vector128.ConditionalSelect(
            Vector128.GreaterThanOrEqual(magnitude.AsInt32(), Vector128.Create(Overflow)).AsUInt32(), Vector128.Create(Infinity), result);
        return result | (sign >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Bits(Vector256<float> values)
    {
        Vector256<uint> bits = values.AsUInt32();
        Vector256<uint> sign = bits & Vector256.Create(0x8000_0000u);
        Vector256<uint> magnitude = bits ^ sign;
        Vector256<uint> normal = Normal(magnitude);
        Vector256<uint> subnormal = (magnitude.AsSingle() + Vector256.Create(0.5f)).AsUInt32() - Vector256.Create(HalfBias);
        Vector256<uint> result = Vector256.ConditionalSelect(
            Vector256.LessThan(magnitude.AsInt32(), Vector256.Create(SmallestNormal)).AsUInt32(), subnormal, normal);
        result = Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(magnitude.AsInt32(), Vector256.Create(Overflow)).AsUInt32(), Vector256.Create(Infinity), result);
        return result | (sign >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Bits(Vector512<float> values)
    {
        Vector512<uint> bits = values.AsUInt32();
        Vector512<uint> sign = bits & Vector512.Create(0x8000_0000u);
        Vector512<uint> magnitude = bits ^ sign;
        Vector512<uint> normal = Normal(magnitude);
        Vector512<uint> subnormal = (magnitude.AsSingle() + Vector512.Create(0.5f)).AsUInt32() - Vector512.Create(HalfBias);
        Vector512<uint> result = Vector512.ConditionalSelect(
            Vector512.LessThan(magnitude.AsInt32(), Vector512.Create(SmallestNormal)).AsUInt32(), subnormal, normal);
        result = Vector512.ConditionalSelect(
            Vector512.GreaterThanOrEqual(magnitude.AsInt32(), Vector512.Create(Overflow)).AsUInt32(), Vector512.Create(Infinity), result);
        return result | (sign >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> values, ref Half destination) => Store(Bits(values), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> values, ref Half destination) => Store(Bits(values), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> values, ref Half destination) => Store(Bits(values), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> first, Vector256<float> second, ref Half destination) =>
        Store(Bits(first), Bits(second), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> first, Vector512<float> second, ref Half destination) =>
        Store(Bits(first), Bits(second), ref destination);

    /// <summary>
    /// The half bits of a magnitude (float bits without the sign) in the normal range: rebias, round to nearest even,
    /// drop 13 bits. The shift is arithmetic: a zero magnitude comes out negative (the rebias takes 112 from its
    /// exponent), which <see cref="Float16NormalEncoder"/> clamps to 0 with one signed max.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<uint> Normal(Vector128<uint> magnitude) =>
        ((magnitude + Vector128.Create(Rebias) + ((magnitude >> 13) & Vector128<uint>.One)).AsInt32() >> 13).AsUInt32();

    /// <summary>The half bits of a magnitude (float bits without the sign) in the normal range: rebias, round to nearest even, drop 13 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<uint> Normal(Vector256<uint> magnitude) =>
        ((magnitude + Vector256.Create(Rebias) + ((magnitude >> 13) & Vector256<uint>.One)).AsInt32() >> 13).AsUInt32();

    /// <summary>The half bits of a magnitude (float bits without the sign) in the normal range: rebias, round to nearest even, drop 13 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<uint> Normal(Vector512<uint> magnitude) =>
        ((magnitude + Vector512.Create(Rebias) + ((magnitude >> 13) & Vector512<uint>.One)).AsInt32() >> 13).AsUInt32();

    /// <summary>Stores two registers of half bits, the first's then the second's (<see cref="PackedWords"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(Vector256<uint> first, Vector256<uint> second, ref Half destination) =>
        PackedWords.Store(first, second, ref Unsafe.As<Half, ushort>(ref destination));

    /// <inheritdoc cref="Store(Vector256{uint}, Vector256{uint}, ref Half)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(Vector512<uint> first, Vector512<uint> second, ref Half destination) =>
        PackedWords.Store(first, second, ref Unsafe.As<Half, ushort>(ref destination));

    /// <summary>Stores half bits held in the low 16 bits of each lane (shared with <see cref="Float16NormalEncoder"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(Vector128<uint> bits, ref Half destination) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<Half, byte>(ref destination), Vector128.Narrow(bits, bits).AsUInt64().ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(Vector256<uint> bits, ref Half destination) =>
        Sse41.PackUnsignedSaturate(bits.GetLower().AsInt32(), bits.GetUpper().AsInt32())
            .StoreUnsafe(ref Unsafe.As<Half, ushort>(ref destination));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(Vector512<uint> bits, ref Half destination) =>
        PackedWords.Store(bits, ref Unsafe.As<Half, ushort>(ref destination));
}
