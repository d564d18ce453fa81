using System.Runtime.InteropServices;

namespace Hpc.Loader;

/// <summary>The shape of one batch: NCHW images of <see cref="ElementType"/> plus <see cref="BatchSize"/> int64 labels.</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct BatchLayout(int BatchSize, int Channels, int Height, int Width, BatchElementType ElementType)
{
    /// <summary>Bytes per image element.</summary>
    public int ElementSize => ElementType switch
    {
        BatchElementType.Float32 => 4,
        BatchElementType.Float16 or BatchElementType.BFloat16 => 2,
        BatchElementType.UInt8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(ElementType), ElementType, "Unknown element type."),
    };

    /// <summary>Elements per image (C*H*W).</summary>
    public int ImageElements => Channels * Height * Width;

    /// <summary>Bytes of the image tensor.</summary>
    public long ImageBytes => (long)BatchSize * ImageElements * ElementSize;

    /// <summary>Bytes of the label tensor (int64 per image).</summary>
    public long LabelBytes => (long)BatchSize * sizeof(long);
}
