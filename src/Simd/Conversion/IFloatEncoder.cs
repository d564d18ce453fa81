using System.Runtime.Intrinsics;

namespace Hpc.Simd.Conversion;

/// <summary>
/// How a normalised float32 is stored as a tensor element (TensorPrimitives-style operator: the scalar form is the
/// specification, the vector forms must give the same bits). Each Store writes Vector*&lt;float&gt;.Count elements.
/// </summary>
internal interface IFloatEncoder<TOut>
    where TOut : unmanaged
{
    static abstract TOut Encode(float value);

    static abstract void Store(Vector128<float> values, ref TOut destination);

    static abstract void Store(Vector256<float> values, ref TOut destination);

    static abstract void Store(Vector512<float> values, ref TOut destination);

    /// <summary>
    /// Two registers' elements, <paramref name="first"/>'s then <paramref name="second"/>'s: the 16-bit encoders
    /// narrow both with one pack and one permute, where a register on its own takes the same two steps for half as many
    /// (the driver's 16-bit loops; float32 keeps single stores, which measured faster there).
    /// </summary>
    static abstract void Store(Vector256<float> first, Vector256<float> second, ref TOut destination);

    /// <inheritdoc cref="Store(Vector256{float}, Vector256{float}, ref TOut)"/>
    static abstract void Store(Vector512<float> first, Vector512<float> second, ref TOut destination);
}
