using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The VBMI tap tables of the bicubic resize are cached per thread. The loader's scale op draws a target size per
/// sample from a bounded range, so once every size of that range has been seen, no call may rebuild a table.
/// </summary>
public class ScaleTranslateCacheTests
{
    [Theory]
    [InlineData(64, 25, 63)]
    [InlineData(28, 11, 28)]
    [InlineData(128, 50, 126)]
    public void PolicySizeRangeMapsToDistinctSlots(int size, int min, int max)
    {
        var slots = new HashSet<int>();
        for (int w = min; w <= max; w++)
        {
            Assert.True(slots.Add(ScaleTranslateVbmi.Slot(size, w, 0, w)), $"target width {w} shares a slot");
        }
    }

    [Fact]
    public void WarmCacheStopsRebuildingAcrossThePolicyRange()
    {
        if (!Avx512Vbmi.IsSupported)
        {
            return; // the tables exist only on the VBMI path; the leg without it has nothing to cache
        }

        var src = new ReadOnlySpan2D<byte>(new byte[64 * 64], 64, 64);
        var dst = new Span2D<byte>(new byte[64 * 64], 64, 64);
        for (int w = 25; w <= 63; w++)
        {
            ScaleTranslate.Apply(src, dst, w, w, 64 - w, 0, SimdPath.Vector512);
        }

        int before = ScaleTranslateVbmi.Rebuilds;
        var rng = new Random(3);
        for (int i = 0; i < 2_000; i++)
        {
            int w = rng.Next(25, 64);
            ScaleTranslate.Apply(src, dst, w, w, rng.Next(0, 64 - w + 1), rng.Next(0, 64 - w + 1), SimdPath.Vector512);
        }

        Assert.Equal(before, ScaleTranslateVbmi.Rebuilds);
    }
}
