using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Conversion;

/// <summary>Readable reference for <see cref="ToTensor"/>: one pixel at a time, plain casts.</summary>
public static class ToTensorScalar
{
    /// <summary>dst[y * W + x] = src[y, x] * (Scale / Std) + (-Mean / Std), in float32.</summary>
    /// <exception cref="ArgumentException">Empty source, short or overlapping destination, or an invalid
    /// normalisation.</exception>
    public static void ToFloat32(ReadOnlySpan2D<byte> src, Span<float> dst, in Normalization n)
    {
        ConversionGuard.ThrowIfInvalid(src, dst, n);
        float multiplier = n.Multiplier, offset = n.Offset;
        for (int y = 0; y < src.Height; y++)
        {
            for (int x = 0; x < src.Width; x++)
            {
                dst[y * src.Width + x] = Value(src[y, x], multiplier, offset);
            }
        }
    }

    /// <summary>The float32 value rounded to nearest even half.</summary>
    /// <exception cref="ArgumentException">As <see cref="ToFloat32"/>.</exception>
    public static void ToFloat16(ReadOnlySpan2D<byte> src, Span<Half> dst, in Normalization n)
    {
        ConversionGuard.ThrowIfInvalid(src, dst, n);
        float multiplier = n.Multiplier, offset = n.Offset;
        for (int y = 0; y < src.Height; y++)
        {
            for (int x = 0; x < src.Width; x++)
            {
                dst[y * src.Width + x] = (Half)Value(src[y, x], multiplier, offset);
            }
        }
    }

    /// <summary>The float32 value rounded to nearest even bfloat16, as raw bits.</summary>
    /// <exception cref="ArgumentException">As <see cref="ToFloat32"/>.</exception>
    public static void ToBFloat16(ReadOnlySpan2D<byte> src, Span<ushort> dst, in Normalization n)
    {
        ConversionGuard.ThrowIfInvalid(src, dst, n);
        float multiplier = n.Multiplier, offset = n.Offset;
        for (int y = 0; y < src.Height; y++)
        {
            for (int x = 0; x < src.Width; x++)
            {
                dst[y * src.Width + x] = BFloat16Encoder.Encode(Value(src[y, x], multiplier, offset));
            }
        }
    }

    /// <summary>Row-major packed copy.</summary>
    /// <exception cref="ArgumentException">Empty source, or short or overlapping destination.</exception>
    public static void ToUInt8(ReadOnlySpan2D<byte> src, Span<byte> dst)
    {
        ConversionGuard.ThrowIfInvalid(src, dst);
        for (int y = 0; y < src.Height; y++)
        {
            for (int x = 0; x < src.Width; x++)
            {
                dst[y * src.Width + x] = src[y, x];
            }
        }
    }

    private static float Value(byte pixel, float multiplier, float offset)
    {
        // Separate statements: the product is rounded to float32 before the add, never fused.
        float scaled = pixel * multiplier;
        return scaled + offset;
    }
}
