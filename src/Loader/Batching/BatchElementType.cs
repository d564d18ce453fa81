namespace Hpc.Loader;

/// <summary>Element type of a batch's image tensor.</summary>
public enum BatchElementType
{
    /// <summary>IEEE float32.</summary>
    Float32,

    /// <summary>IEEE float16 (<see cref="Half"/>).</summary>
    Float16,

    /// <summary>bfloat16 stored as its 16 bits (<see cref="ushort"/>).</summary>
    BFloat16,

    /// <summary>Raw bytes, no normalization.</summary>
    UInt8,
}
