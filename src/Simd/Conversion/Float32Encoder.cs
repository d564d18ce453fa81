using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Conversion;

/// <summary>float32 elements: the normalised value as is.</summary>
internal readonly struct Float32Encoder : IFloatEncoder<float>
{
    public static float Encode(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> values, ref float destination) => values.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> values, ref float destination) => values.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> values, ref float destination) => values.StoreUnsafe(ref destination);

    // The paired stores exist for the interface: the driver keeps float32 on single stores (see IFloatEncoder).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> first, Vector256<float> second, ref float destination)
    {
        first.StoreUnsafe(ref destination);
        second.StoreUnsafe(ref destination, (nuint)Vector256<float>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> first, Vector512<float> second, ref float destination)
    {
        first.StoreUnsafe(ref destination);
        second.StoreUnsafe(ref destination, (nuint)Vector512<float>.Count);
    }
}
