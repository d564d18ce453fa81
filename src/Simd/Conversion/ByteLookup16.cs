using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Conversion;

/// <summary>
/// A byte can only take 256 values, so with AVX-512 VBMI a 16-bit conversion (half or bfloat16) is a table lookup:
/// the table is the scalar encoder applied to every byte (bit-identical by construction), split into low and high
/// byte planes of four zmm each, looked up 64 pixels at a time with vpermi2b and re-interleaved with byte unpacks
/// (one vpermb of the pixels first puts them in the order the unpacks need: three one-uop shuffles where two
/// vpermt2b took two uops each).
/// One table per encoding per thread, rebuilt in place only when the normalisation changes (no steady-state
/// allocation).
/// </summary>
[SkipLocalsInit]
internal sealed class ByteLookup16
{
    public const int MinimumLength = 64;

    [ThreadStatic]
    private static ByteLookup16? float16;

    [ThreadStatic]
    private static ByteLookup16? bfloat16;

    // Low bytes of the 256 entries, then high bytes.
    private readonly byte[] planes = new byte[512];
    private uint multiplierBits;
    private uint offsetBits;
    private bool built;

    public static bool IsSupported => Avx512Vbmi.IsSupported;

    /// <summary>
    /// The pixel order the lookups run in, so that unpacking the low and high planes (which interleaves bytes 0-7 of
    /// each 128-bit lane into the first register and bytes 8-15 into the second) leaves the words in pixel order:
    /// lane L of the first register holds pixels 8L..8L+7, of the second pixels 32 + 8L..32 + 8L + 7.
    /// </summary>
    private static ReadOnlySpan<byte> UnpackOrder =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 32, 33, 34, 35, 36, 37, 38, 39, 8, 9, 10, 11, 12, 13, 14, 15, 40, 41, 42, 43, 44, 45, 46, 47,
        16, 17, 18, 19, 20, 21, 22, 23, 48, 49, 50, 51, 52, 53, 54, 55, 24, 25, 26, 27, 28, 29, 30, 31, 56, 57, 58, 59, 60, 61, 62, 63,
    ];

    public static ByteLookup16 For<TEncoder, TOut>(float multiplier, float offset)
        where TEncoder : IFloatEncoder<TOut>
        where TOut : unmanaged
    {
        ByteLookup16 table = typeof(TOut) == typeof(Half)
            ? float16 ??= new ByteLookup16()
            : bfloat16 ??= new ByteLookup16();
        table.Ensure<TEncoder, TOut>(multiplier, offset);
        return table;
    }

    private void Ensure<TEncoder, TOut>(float multiplier, float offset)
        where TEncoder : IFloatEncoder<TOut>
        where TOut : unmanaged
    {
        uint m = BitConverter.SingleToUInt32Bits(multiplier), a = BitConverter.SingleToUInt32Bits(offset);
        if (built && m == multiplierBits && a == offsetBits)
        {
            return;
        }

        Span<TOut> one = stackalloc TOut[1];
        for (int b = 0; b < 256; b++)
        {
            byte value = (byte)b;
            ConversionDriver.ScalarLoop<TEncoder, TOut>(ref value, ref one[0], 1, multiplier, offset);
            ushort bits = Unsafe.As<TOut, ushort>(ref one[0]);
            planes[b] = (byte)bits;
            planes[256 + b] = (byte)(bits >> 8);
        }

        (multiplierBits, offsetBits, built) = (m, a, true);
    }

    /// <summary>Converts n &gt;= <see cref="MinimumLength"/> bytes; the last block overlaps the previous one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ref byte src, ref ushort dst, int n)
    {
        ref byte p = ref MemoryMarshal.GetArrayDataReference(planes);
        Vector512<byte> low0 = Vector512.LoadUnsafe(ref p, 0), low1 = Vector512.LoadUnsafe(ref p, 64);
        Vector512<byte> low2 = Vector512.LoadUnsafe(ref p, 128), low3 = Vector512.LoadUnsafe(ref p, 192);
        Vector512<byte> high0 = Vector512.LoadUnsafe(ref p, 256), high1 = Vector512.LoadUnsafe(ref p, 320);
        Vector512<byte> high2 = Vector512.LoadUnsafe(ref p, 384), high3 = Vector512.LoadUnsafe(ref p, 448);
        Vector512<byte> order = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(UnpackOrder));
        ref byte output = ref Unsafe.As<ushort, byte>(ref dst);
        int last = n - MinimumLength;
        for (int i = 0; ; i += MinimumLength)
        {
            i = Math.Min(i, last);
            Vector512<byte> index = Avx512Vbmi.PermuteVar64x8(Vector512.LoadUnsafe(ref src, (nuint)i), order);
            // vpermi2b reads 7 index bits: entries 0-127 from one pair, 128-255 from the other, the sign bit picks.
            Vector512<byte> low = Avx512BW.BlendVariable(
                Avx512Vbmi.PermuteVar64x8x2(low0, index, low1), Avx512Vbmi.PermuteVar64x8x2(low2, index, low3), index);
            Vector512<byte> high = Avx512BW.BlendVariable(
                Avx512Vbmi.PermuteVar64x8x2(high0, index, high1), Avx512Vbmi.PermuteVar64x8x2(high2, index, high3), index);
            Avx512BW.UnpackLow(low, high).StoreUnsafe(ref output, (nuint)(2 * i));
            Avx512BW.UnpackHigh(low, high).StoreUnsafe(ref output, (nuint)(2 * i + 64));
            if (i == last)
            {
                break;
            }
        }
    }
}
