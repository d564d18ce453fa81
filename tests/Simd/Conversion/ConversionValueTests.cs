using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Conversion;

namespace Hpc.Simd.Tests.Conversion;

/// <summary>Known values and the rounding of the half / bfloat16 encoders against independent references.</summary>
public sealed class ConversionValueTests
{
    private static byte[] AllBytes() => Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    [Fact]
    public void UnitRangeMapsEndpointsAndFollowsTheFloatFormula()
    {
        byte[] bytes = AllBytes();
        var dst = new float[256];
        ToTensor.ToFloat32(new ReadOnlySpan2D<byte>(bytes, 16, 16), dst, Normalization.UnitRange);
        Assert.Equal(0f, dst[0]);
        Assert.True(Math.Abs(1f - dst[255]) < 1e-7);
        for (int i = 0; i < 256; i++)
        {
            float product = i * (1f / 255f);
            Assert.Equal(product, dst[i]);
            Assert.True(Math.Abs(i / 255.0 - dst[i]) < 1e-7, $"{i}: {dst[i]}");
        }
    }

    [Fact]
    public void MeanStdIsMultiplyThenAddInFloat32()
    {
        var n = new Normalization(1f / 255f, 0.2860f, 0.3530f);
        byte[] bytes = AllBytes();
        var dst = new float[256];
        ToTensor.ToFloat32(new ReadOnlySpan2D<byte>(bytes, 1, 256), dst, n);
        float multiplier = (1f / 255f) / 0.3530f, offset = -0.2860f / 0.3530f;
        Assert.Equal(multiplier, n.Multiplier);
        Assert.Equal(offset, n.Offset);
        for (int i = 0; i < 256; i++)
        {
            float product = i * multiplier;
            Assert.Equal(product + offset, dst[i]);
            Assert.True(Math.Abs((i / 255.0 - 0.2860) / 0.3530 - dst[i]) < 1e-6, $"{i}: {dst[i]}");
        }

        var symmetric = new float[256];
        ToTensor.ToFloat32(new ReadOnlySpan2D<byte>(bytes, 1, 256), symmetric, new Normalization(1f, 127.5f, 127.5f));
        Assert.Equal(-1f, symmetric[0]);
        Assert.True(Math.Abs(1f - symmetric[255]) < 1e-6);
    }

    [Fact]
    public void RawBytesAreExactInHalfAndBFloat16()
    {
        byte[] bytes = AllBytes();
        var half = new Half[256];
        var bf = new ushort[256];
        var n = new Normalization(1f, 0f, 1f);
        ToTensor.ToFloat16(new ReadOnlySpan2D<byte>(bytes, 4, 64), half, n);
        ToTensor.ToBFloat16(new ReadOnlySpan2D<byte>(bytes, 4, 64), bf, n);
        for (int i = 0; i < 256; i++)
        {
            Assert.Equal((float)i, (float)half[i]);
            // bfloat16 keeps 8 significant bits: integers up to 256 are exact.
            Assert.Equal((float)i, BitConverter.UInt32BitsToSingle((uint)bf[i] << 16));
        }
    }

    public static TheoryData<float> HalfCases()
    {
        var data = new TheoryData<float>();
        float[] cases =
        [
            0f, -0f, 1f, 1f + 1f / 2048, 1f + 3f / 2048, 1f + 5f / 2048, 2047f / 2048 + 1f / 4096, 65504f, 65519.99f, 65520f,
            65536f, 1e10f, -65520f, 6.1035156e-5f, 6.0975552e-5f, 5.9604645e-8f, 2.9802322e-8f, 2.9802326e-8f, 8.940697e-8f,
            1.7881393e-7f, 1e-20f, float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, 0.1f, -0.333333f,
        ];
        foreach (float value in cases)
        {
            data.Add(value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HalfCases))]
    public void HalfEncoderMatchesSystemHalfOnTies(float value) => AssertHalf(value);

    [Fact]
    public void HalfEncoderMatchesSystemHalfOnRandomFiniteFloats()
    {
        var random = new Random(8);
        for (int i = 0; i < 100_000; i++)
        {
            // Concentrate on the half range, where the mantissa rounding matters, plus any finite float.
            uint bits = i % 4 == 0 ? (uint)random.NextInt64(0, 1L << 32) : (uint)random.Next(0x3000_0000, 0x4800_0000) | (i % 3 == 0 ? 0x8000_0000u : 0u);
            float value = BitConverter.UInt32BitsToSingle(bits);
            if (float.IsNaN(value))
            {
                continue;
            }

            AssertHalf(value);
        }
    }

    [Fact]
    public void BFloat16EncoderRoundsToNearestEven()
    {
        var random = new Random(9);
        float[] ties = [1f + 1f / 256, 1f + 3f / 256, -(1f + 1f / 256), 3.3895314e38f, float.MaxValue, float.PositiveInfinity, 0f, -0f, 1e-40f];
        foreach (float value in ties.Concat(Enumerable.Range(0, 40_000).Select(_ => BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32)))))
        {
            if (float.IsNaN(value))
            {
                continue;
            }

            ushort expected = ReferenceBFloat16(value);
            Assert.Equal(expected, BFloat16Encoder.Encode(value));
            Vector512<float> v = Vector512.Create(value);
            var lanes = new ushort[32];
            BFloat16Encoder.Store(Vector128.Create(value), ref lanes[0]);
            Assert.Equal(expected, lanes[3]);
            if (Vector256.IsHardwareAccelerated)
            {
                BFloat16Encoder.Store(Vector256.Create(value), ref lanes[8]);
                Assert.Equal(expected, lanes[15]);
            }

            if (SimdDispatch.Best == SimdPath.Vector512)
            {
                BFloat16Encoder.Store(v, ref lanes[16]);
                Assert.Equal(expected, lanes[31]);
            }
        }
    }

    private static void AssertHalf(float value)
    {
        ushort expected = BitConverter.HalfToUInt16Bits((Half)value);
        Assert.Equal(expected, BitConverter.HalfToUInt16Bits(Float16Encoder.Encode(value)));
        Assert.Equal(expected, (ushort)Float16Encoder.Bits(Vector128.Create(value)).GetElement(2));
        Assert.Equal(expected, (ushort)Float16Encoder.Bits(Vector256.Create(value)).GetElement(7));
        Assert.Equal(expected, (ushort)Float16Encoder.Bits(Vector512.Create(value)).GetElement(13));
    }

    /// <summary>Independent reference: pick the nearer of the two truncation neighbours in double, ties to even.</summary>
    private static ushort ReferenceBFloat16(float value)
    {
        if (float.IsInfinity(value))
        {
            return (ushort)(BitConverter.SingleToUInt32Bits(value) >> 16);
        }

        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint down = bits >> 16, up = down + 1;
        double exact = value;
        double below = BitConverter.UInt32BitsToSingle(down << 16);
        double above = (up & 0x7F80) == 0x7F80 && (up & 0x7F) == 0
            ? Math.CopySign(Math.Pow(2, 128), value)   // rounding up past the largest bfloat16 reaches infinity
            : BitConverter.UInt32BitsToSingle(up << 16);
        double distanceDown = Math.Abs(exact - below), distanceUp = Math.Abs(above - exact);
        if (distanceDown < distanceUp)
        {
            return (ushort)down;
        }

        if (distanceUp < distanceDown)
        {
            return (ushort)up;
        }

        return (down & 1) == 0 ? (ushort)down : (ushort)up;
    }
}
