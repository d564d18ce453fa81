using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Conversion;

/// <summary>
/// Byte image to one row-major H*W tensor plane, normalised as <see cref="Normalization"/> describes. Every path is
/// bit-identical to <see cref="ToTensorScalar"/>. Contiguous images are converted as one flat span, others row by
/// row.
/// </summary>
[SkipLocalsInit]
public static class ToTensor
{
    /// <summary>float32 plane on <see cref="SimdDispatch.Best"/>.</summary>
    /// <exception cref="ArgumentException">Empty source, short or overlapping destination, or an invalid
    /// normalisation (Std = 0, non-finite values).</exception>
    public static void ToFloat32(ReadOnlySpan2D<byte> src, Span<float> dst, in Normalization n) => ToFloat32(src, dst, n, SimdDispatch.Best);

    /// <summary>float32 plane on a forced ISA path.</summary>
    /// <exception cref="NotSupportedException"><paramref name="path"/> is not accelerated here.</exception>
    public static void ToFloat32(ReadOnlySpan2D<byte> src, Span<float> dst, in Normalization n, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        ConversionGuard.ThrowIfInvalid(src, dst, n);
        Convert<Float32Encoder, float>(src, dst, n, path);
    }

    /// <summary>IEEE half plane (float32 value rounded to nearest even) on <see cref="SimdDispatch.Best"/>.</summary>
    /// <exception cref="ArgumentException">Empty source, short or overlapping destination, or an invalid
    /// normalisation.</exception>
    public static void ToFloat16(ReadOnlySpan2D<byte> src, Span<Half> dst, in Normalization n) => ToFloat16(src, dst, n, SimdDispatch.Best);

    /// <summary>IEEE half plane on a forced ISA path.</summary>
    /// <exception cref="NotSupportedException"><paramref name="path"/> is not accelerated here.</exception>
    public static void ToFloat16(ReadOnlySpan2D<byte> src, Span<Half> dst, in Normalization n, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        ConversionGuard.ThrowIfInvalid(src, dst, n);
        // With VBMI the 512-bit path looks every byte up in a table (ByteLookup16, made by any encoder's scalar
        // form); the arithmetic paths, the 512-bit one without VBMI included, skip the rare cases (and the sign) when
        // they can.
        switch (path == SimdPath.Scalar ? HalfRange.Any : Float16NormalEncoder.Range(n.Multiplier, n.Offset))
        {
            case HalfRange.NonNegative:
                Convert<Float16NonNegativeEncoder, Half>(src, dst, n, path);
                break;
            case HalfRange.Normal:
                Convert<Float16NormalEncoder, Half>(src, dst, n, path);
                break;
            default:
                Convert<Float16Encoder, Half>(src, dst, n, path);
                break;
        }
    }

    /// <summary>bfloat16 bit plane (float32 value rounded to nearest even) on <see cref="SimdDispatch.Best"/>.</summary>
    /// <exception cref="ArgumentException">Empty source, short or overlapping destination, or an invalid
    /// normalisation.</exception>
    public static void ToBFloat16(ReadOnlySpan2D<byte> src, Span<ushort> dst, in Normalization n) => ToBFloat16(src, dst, n, SimdDispatch.Best);

    /// <summary>bfloat16 bit plane on a forced ISA path.</summary>
    /// <exception cref="NotSupportedException"><paramref name="path"/> is not accelerated here.</exception>
    public static void ToBFloat16(ReadOnlySpan2D<byte> src, Span<ushort> dst, in Normalization n, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        ConversionGuard.ThrowIfInvalid(src, dst, n);
        Convert<BFloat16Encoder, ushort>(src, dst, n, path);
    }

    /// <summary>Packs the image into a contiguous H*W byte plane (the memory copy is already vectorised).</summary>
    /// <exception cref="ArgumentException">Empty source, or short or overlapping destination.</exception>
    public static void ToUInt8(ReadOnlySpan2D<byte> src, Span<byte> dst)
    {
        ConversionGuard.ThrowIfInvalid(src, dst);
        if (src.TryGetSpan(out ReadOnlySpan<byte> flat))
        {
            flat.CopyTo(dst);
            return;
        }

        int w = src.Width;
        for (int y = 0; y < src.Height; y++)
        {
            src.GetRowSpan(y).CopyTo(dst.Slice(y * w, w));
        }
    }

    private static void Convert<TEncoder, TOut>(ReadOnlySpan2D<byte> src, Span<TOut> dst, in Normalization n, SimdPath path)
        where TEncoder : IFloatEncoder<TOut>
        where TOut : unmanaged
    {
        float multiplier = n.Multiplier, offset = n.Offset;
        ref byte s = ref Unsafe.AsRef(in src.DangerousGetReference());
        ref TOut d = ref MemoryMarshal.GetReference(dst);
        int h = src.Height, w = src.Width;
        if (src.TryGetSpan(out _))
        {
            Span(ref s, ref d, h * w, multiplier, offset, path);
            return;
        }

        nint pitch = ImageLayout.Stride(src);
        for (int y = 0; y < h; y++)
        {
            Span(ref Unsafe.Add(ref s, y * pitch), ref Unsafe.Add(ref d, y * w), w, multiplier, offset, path);
        }

        static void Span(ref byte s, ref TOut d, int length, float multiplier, float offset, SimdPath path)
        {
            if (typeof(TOut) != typeof(float) && path == SimdPath.Vector512 && length >= ByteLookup16.MinimumLength && ByteLookup16.IsSupported)
            {
                ByteLookup16.For<TEncoder, TOut>(multiplier, offset).Apply(ref s, ref Unsafe.As<TOut, ushort>(ref d), length);
                return;
            }

            ConversionDriver.Run<TEncoder, TOut>(ref s, ref d, length, multiplier, offset, path);
        }
    }
}
