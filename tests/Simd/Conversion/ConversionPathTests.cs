using CommunityToolkit.HighPerformance;
using Hpc.Simd.Conversion;

namespace Hpc.Simd.Tests.Conversion;

/// <summary>Every accelerated path against the scalar reference, bit for bit, flat and pitched, all tail lengths.</summary>
[Trait("Category", "Isa")]
public sealed class ConversionPathTests
{
    private static readonly Normalization[] Normalizations =
    [
        Normalization.UnitRange,
        new(1f / 255f, 0.2860f, 0.3530f),       // Fashion-MNIST mean/std
        new(1f, 127.5f, 127.5f),                // [-1, 1]
        new(1f, 0f, 1f),                        // raw byte values
        new(1e-6f, 0f, 1f),                     // half subnormals
        new(257f, 0f, 1f),                      // half overflow to infinity
        new(-3.7f, -11f, 0.77f),                // negative scale, odd constants
        new(1f / 255f, 0.5f, 1.5e-3f),          // large magnitudes, many half/bfloat ties
        new(-1f / 255f, -0f, 1f),               // offset +0 after a negative scale: adding it turns -0 into +0
        new(1f / 255f, 0f, -1f),                // negative std: the same, and offset +0 of -0 / -1
        new(-1f / 255f, 0f, 1f),                // offset -0 (as UnitRange's): adding it changes nothing
    ];

    public static TheoryData<SimdPath> Paths() => SupportedPaths.All();

    private static IEnumerable<(int Height, int Width, int Gap)> Shapes()
    {
        for (int w = 1; w <= 140; w++)
        {
            yield return (1, w, 0);
        }

        yield return (28, 28, 0);
        yield return (28, 28, 3);
        yield return (64, 64, 0);
        yield return (64, 64, 1);
        yield return (257, 131, 0);
        yield return (131, 257, 5);
        yield return (7, 65, 2);
        yield return (3, 1, 1);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AllFormatsMatchScalar(SimdPath path)
    {
        var random = new Random(21);
        foreach ((int h, int w, int gap) in Shapes())
        {
            byte[] buffer = new byte[3 + h * (w + gap)];
            random.NextBytes(buffer);
            var src = new ReadOnlySpan2D<byte>(buffer, 3, h, w, gap);
            foreach (Normalization n in Normalizations)
            {
                var want32 = new float[h * w];
                var got32 = new float[h * w + 1];
                ToTensorScalar.ToFloat32(src, want32, n);
                ToTensor.ToFloat32(src, got32, n, path);
                AssertBits(want32.Select(BitConverter.SingleToUInt32Bits), got32.Select(BitConverter.SingleToUInt32Bits), path, h, w, n, "f32");
                Assert.Equal(0f, got32[^1]);

                var want16 = new Half[h * w];
                var got16 = new Half[h * w + 1];
                ToTensorScalar.ToFloat16(src, want16, n);
                ToTensor.ToFloat16(src, got16, n, path);
                AssertBits(want16.Select(v => (uint)BitConverter.HalfToUInt16Bits(v)), got16.Select(v => (uint)BitConverter.HalfToUInt16Bits(v)), path, h, w, n, "f16");

                var wantBf = new ushort[h * w];
                var gotBf = new ushort[h * w + 1];
                ToTensorScalar.ToBFloat16(src, wantBf, n);
                ToTensor.ToBFloat16(src, gotBf, n, path);
                AssertBits(wantBf.Select(v => (uint)v), gotBf.Select(v => (uint)v), path, h, w, n, "bf16");
            }

            var wantU8 = new byte[h * w];
            var gotU8 = new byte[h * w];
            ToTensorScalar.ToUInt8(src, wantU8);
            ToTensor.ToUInt8(src, gotU8);
            Assert.Equal(wantU8, gotU8);
        }
    }

    private static void AssertBits(IEnumerable<uint> want, IEnumerable<uint> got, SimdPath path, int h, int w, Normalization n, string format)
    {
        uint[] expected = want.ToArray();
        uint[] actual = got.Take(expected.Length).ToArray();
        int first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(
            first == expected.Length,
            $"{format} {path} {h}x{w} {n}: element {first} is 0x{(first < actual.Length ? actual[first] : 0):X} instead of 0x{(first < expected.Length ? expected[first] : 0):X}");
    }
}
