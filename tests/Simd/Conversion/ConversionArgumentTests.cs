using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Conversion;

namespace Hpc.Simd.Tests.Conversion;

public sealed class ConversionArgumentTests
{
    [Theory]
    [InlineData(1f, 0f, 0f)]
    [InlineData(1f, 1f, float.Epsilon)]
    [InlineData(float.NaN, 0f, 1f)]
    [InlineData(1f, float.PositiveInfinity, 1f)]
    [InlineData(1f, 0f, float.NaN)]
    [InlineData(3e38f, 0f, 1e-3f)]
    public void InvalidNormalizationThrowsNamingItAndWritesNothing(float scale, float mean, float std)
    {
        var n = new Normalization(scale, mean, std);
        var bytes = new byte[16];
        var f32 = new float[16];
        var f16 = new Half[16];
        var bf = new ushort[16];
        Array.Fill(f32, 7f);
        Assert.Equal("n", Assert.Throws<ArgumentException>(() => ToTensor.ToFloat32(new ReadOnlySpan2D<byte>(bytes, 4, 4), f32, n)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentException>(() => ToTensor.ToFloat16(new ReadOnlySpan2D<byte>(bytes, 4, 4), f16, n)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentException>(() => ToTensor.ToBFloat16(new ReadOnlySpan2D<byte>(bytes, 4, 4), bf, n)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentException>(() => ToTensorScalar.ToFloat32(new ReadOnlySpan2D<byte>(bytes, 4, 4), f32, n)).ParamName);
        Assert.All(f32, v => Assert.Equal(7f, v));
        Assert.All(bf, v => Assert.Equal(0, v));
    }

    [Fact]
    public void ShortDestinationThrowsNamingDstAndWritesNothing()
    {
        var bytes = new byte[30];
        var f32 = new float[29];
        Array.Fill(f32, 3f);
        Assert.Equal("dst", Assert.Throws<ArgumentException>(() => ToTensor.ToFloat32(new ReadOnlySpan2D<byte>(bytes, 5, 6), f32, Normalization.UnitRange)).ParamName);
        Assert.Equal("dst", Assert.Throws<ArgumentException>(() => ToTensor.ToFloat16(new ReadOnlySpan2D<byte>(bytes, 5, 6), new Half[29], Normalization.UnitRange)).ParamName);
        Assert.Equal("dst", Assert.Throws<ArgumentException>(() => ToTensor.ToBFloat16(new ReadOnlySpan2D<byte>(bytes, 5, 6), new ushort[29], Normalization.UnitRange)).ParamName);
        Assert.Equal("dst", Assert.Throws<ArgumentException>(() => ToTensor.ToUInt8(new ReadOnlySpan2D<byte>(bytes, 5, 6), new byte[29])).ParamName);
        Assert.Equal("dst", Assert.Throws<ArgumentException>(() => ToTensorScalar.ToFloat16(new ReadOnlySpan2D<byte>(bytes, 5, 6), new Half[29], Normalization.UnitRange)).ParamName);
        Assert.All(f32, v => Assert.Equal(3f, v));
    }

    [Fact]
    public void EmptySourceThrowsNamingSrc()
    {
        var bytes = new byte[4];
        Assert.Equal("src", Assert.Throws<ArgumentException>(() => ToTensor.ToFloat32(new ReadOnlySpan2D<byte>(bytes, 0, 4), new float[4], Normalization.UnitRange)).ParamName);
        Assert.Equal("src", Assert.Throws<ArgumentException>(() => ToTensor.ToUInt8(new ReadOnlySpan2D<byte>(bytes, 0, 4), new byte[4])).ParamName);
    }

    [Fact]
    public void OverlappingDestinationThrows()
    {
        var buffer = new byte[64];

        Assert.Equal("dst", Assert.Throws<ArgumentException>(() => ToTensor.ToUInt8(new ReadOnlySpan2D<byte>(buffer, 0, 4, 4, 0), buffer.AsSpan(8, 16))).ParamName);
    }

    [Fact]
    public void DestinationThatOnlyTouchesTheSourceIsAccepted()
    {
        // Floats that start right after the image's last byte, or end right before its first, are apart; one byte
        // further in, they overlap (on the first side only by the last float's top byte).
        var buffer = new byte[64 + 16 + 64];
        var image = new ReadOnlySpan2D<byte>(buffer, 64, 4, 4, 0);
        ToTensor.ToFloat32(image, MemoryMarshal.Cast<byte, float>(buffer.AsSpan(80, 64)), Normalization.UnitRange);
        ToTensor.ToFloat32(image, MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, 64)), Normalization.UnitRange);
        Assert.Equal("dst", Assert.Throws<ArgumentException>(() =>
            ToTensor.ToFloat32(new ReadOnlySpan2D<byte>(buffer, 64, 4, 4, 0), MemoryMarshal.Cast<byte, float>(buffer.AsSpan(79, 64)), Normalization.UnitRange)).ParamName);
        Assert.Equal("dst", Assert.Throws<ArgumentException>(() =>
            ToTensor.ToFloat32(new ReadOnlySpan2D<byte>(buffer, 64, 4, 4, 0), MemoryMarshal.Cast<byte, float>(buffer.AsSpan(1, 64)), Normalization.UnitRange)).ParamName);
    }
}
