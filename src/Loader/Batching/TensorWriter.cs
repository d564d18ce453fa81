using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Conversion;

namespace Hpc.Loader;

/// <summary>Writes one H x W byte plane into slot <c>j</c> of an NCHW batch tensor with the Hpc.Simd converters.</summary>
internal static unsafe class TensorWriter
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ReadOnlySpan2D<byte> plane, in BatchLayout layout, nint images, int slot, in Normalization n)
    {
        int elements = layout.ImageElements;
        byte* dst = (byte*)images + ((long)slot * elements * layout.ElementSize);
        switch (layout.ElementType)
        {
            case BatchElementType.Float32:
                ToTensor.ToFloat32(plane, new Span<float>(dst, elements), n);
                break;
            case BatchElementType.Float16:
                ToTensor.ToFloat16(plane, new Span<Half>(dst, elements), n);
                break;
            case BatchElementType.BFloat16:
                ToTensor.ToBFloat16(plane, new Span<ushort>(dst, elements), n);
                break;
            default:
                ToTensor.ToUInt8(plane, new Span<byte>(dst, elements));
                break;
        }
    }
}
