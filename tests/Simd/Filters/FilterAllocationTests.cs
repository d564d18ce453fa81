using CommunityToolkit.HighPerformance;
using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

public sealed class FilterAllocationTests
{
    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        var src = new byte[20 * 20];
        new Random(5).NextBytes(src);
        var dst = new byte[20 * 20];
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            Run(src, dst, path, 10);
            long allocated = SteadyState.AllocatedBytes(() => Run(src, dst, path, 10_000));
            Assert.True(allocated == 0, $"{path}: {allocated} bytes allocated in each of three rounds");
        }
    }

    private static void Run(byte[] src, byte[] dst, SimdPath path, int count)
    {
        var s = new ReadOnlySpan2D<byte>(src, 20, 20);
        var d = new Span2D<byte>(dst, 20, 20);
        for (int i = 0; i < count; i++)
        {
            Smooth.Apply(s, d, path);
            Sharpen.Apply(s, d, path);
            GaussianBlur.Apply(s, d, 0.5f + (i % 8) * 0.1f, path);
        }
    }
}
