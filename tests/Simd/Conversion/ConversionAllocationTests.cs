using CommunityToolkit.HighPerformance;
using Hpc.Simd.Conversion;

namespace Hpc.Simd.Tests.Conversion;

public sealed class ConversionAllocationTests
{
    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        var bytes = new byte[28 * 28];
        new Random(6).NextBytes(bytes);
        var f32 = new float[bytes.Length];
        var f16 = new Half[bytes.Length];
        var bf = new ushort[bytes.Length];
        var u8 = new byte[bytes.Length];
        var fashion = new Normalization(1f / 255f, 0.2860f, 0.3530f);
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            Run(bytes, f32, f16, bf, u8, fashion, path, 10);
            long allocated = SteadyState.AllocatedBytes(() => Run(bytes, f32, f16, bf, u8, fashion, path, 10_000));
            Assert.True(allocated == 0, $"{path}: {allocated} bytes allocated in each of three rounds");
        }
    }

    private static void Run(byte[] bytes, float[] f32, Half[] f16, ushort[] bf, byte[] u8, Normalization fashion, SimdPath path, int count)
    {
        var src = new ReadOnlySpan2D<byte>(bytes, 28, 28);
        for (int i = 0; i < count; i++)
        {
            // Alternating normalisations also proves the cached lookup tables are rebuilt in place.
            Normalization n = i % 2 == 0 ? Normalization.UnitRange : fashion;
            ToTensor.ToFloat32(src, f32, n, path);
            ToTensor.ToFloat16(src, f16, n, path);
            ToTensor.ToBFloat16(src, bf, n, path);
            ToTensor.ToUInt8(src, u8);
        }
    }
}
