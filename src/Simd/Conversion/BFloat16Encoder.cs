using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Conversion;

/// <summary>
/// bfloat16 bits: the top half of the float32, rounded to nearest even by adding 0x7FFF plus the lowest kept bit
/// before truncating. Exact for every finite value and infinity; normalised bytes are never NaN (validated).
/// </summary>
internal readonly struct BFloat16Encoder : IFloatEncoder<ushort>
{
    public static ushort Encode(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> values, ref ushort destination)
    {
        Vector128<uint> bits = values.AsUInt32();
        bits = (bits + Vector128.Create(0x7FFFu) + ((bits >> 16) & Vector128<uint>.One)) >> 16;
        Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref destination), Vector128.Narrow(bits, bits).AsUInt64().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> values, ref ushort destination)
    {
        Vector256<uint> bits = values.AsUInt32();
        bits = (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256<uint>.One)) >> 16;
        Sse41.PackUnsignedSaturate(bits.GetLower().AsInt32(), bits.GetUpper().AsInt32()).StoreUnsafe(ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> values, ref ushort destination) => PackedWords.Store(Bits(values), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> first, Vector256<float> second, ref ushort destination) =>
        PackedWords.Store(Bits(first), Bits(second), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> first, Vector512<float> second, ref ushort destination) =>
        PackedWords.Store(Bits(first), Bits(second), ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Bits(Vector256<float> values)
    {
        Vector256<uint> bits = values.AsUInt32();
        return (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256<uint>.One)) >> 16;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Bits(Vector512<float> values)
    {
        Vector512<uint> bits = values.AsUInt32();
        return (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) >> 16;
    }
}
