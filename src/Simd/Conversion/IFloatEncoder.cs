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
}
