using CommunityToolkit.HighPerformance;
using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

public sealed class FilterAllocationTests
{
    /// <summary>20 pixels runs the narrow kernels, 64 the 512-bit 3x3 strips and the fused blur passes.</summary>
    [Theory]
    [InlineData(20)]
    [InlineData(64)]
    public void SteadyStateAllocatesNothing(int size)
    {
        var src = new byte[size * size];
        new Random(5).NextBytes(src);
        var dst = new byte[size * size];
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            Run(src, dst, size, path, 10);
            long allocated = SteadyState.AllocatedBytes(() => Run(src, dst, size, path, 10_000));
            Assert.True(allocated == 0, $"{path}: {allocated} bytes allocated in each of three rounds");
        }
    }

    private static void Run(byte[] src, byte[] dst, int size, SimdPath path, int count)
    {
        var s = new ReadOnlySpan2D<byte>(src, size, size);
        var d = new Span2D<byte>(dst, size, size);
        for (int i = 0; i < count; i++)
        {
            Smooth.Apply(s, d, path);
            Sharpen.Apply(s, d, path);
            GaussianBlur.Apply(s, d, 0.5f + (i % 8) * 0.1f, path);
        }
    }
}
