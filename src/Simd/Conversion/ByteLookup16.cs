using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Conversion;

/// <summary>
/// A byte can only take 256 values, so with AVX-512 VBMI a 16-bit conversion (half or bfloat16) is a table lookup:
/// the table is the scalar encoder applied to every byte (bit-identical by construction), split into low and high
/// byte planes of four zmm each, looked up 64 pixels at a time with vpermi2b and re-interleaved with vpermt2b.
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

    /// <summary>Picks out byte k of the low plane (index k) or of the high plane (64 + k) for output word k.</summary>
    private static ReadOnlySpan<byte> InterleaveFirst =>
    [
        0, 64, 1, 65, 2, 66, 3, 67, 4, 68, 5, 69, 6, 70, 7, 71, 8, 72, 9, 73, 10, 74, 11, 75, 12, 76, 13, 77, 14, 78, 15, 79,
        16, 80, 17, 81, 18, 82, 19, 83, 20, 84, 21, 85, 22, 86, 23, 87, 24, 88, 25, 89, 26, 90, 27, 91, 28, 92, 29, 93, 30, 94, 31, 95,
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
        Vector512<byte> first = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(InterleaveFirst));
        Vector512<byte> second = first + Vector512.Create((byte)32);
        ref byte output = ref Unsafe.As<ushort, byte>(ref dst);
        int last = n - MinimumLength;
        for (int i = 0; ; i += MinimumLength)
        {
            i = Math.Min(i, last);
            Vector512<byte> index = Vector512.LoadUnsafe(ref src, (nuint)i);
            // vpermi2b reads 7 index bits: entries 0-127 from one pair, 128-255 from the other, the sign bit picks.
            Vector512<byte> low = Avx512BW.BlendVariable(
                Avx512Vbmi.PermuteVar64x8x2(low0, index, low1), Avx512Vbmi.PermuteVar64x8x2(low2, index, low3), index);
            Vector512<byte> high = Avx512BW.BlendVariable(
                Avx512Vbmi.PermuteVar64x8x2(high0, index, high1), Avx512Vbmi.PermuteVar64x8x2(high2, index, high3), index);
            Avx512Vbmi.PermuteVar64x8x2(low, first, high).StoreUnsafe(ref output, (nuint)(2 * i));
            Avx512Vbmi.PermuteVar64x8x2(low, second, high).StoreUnsafe(ref output, (nuint)(2 * i + 64));
            if (i == last)
            {
                break;
            }
        }
    }
}
