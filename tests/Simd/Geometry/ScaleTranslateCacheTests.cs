using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The VBMI tap tables and the AVX2 column layouts of the bicubic resize are cached per thread. The loader's scale op draws a target size per
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
            Assert.True(slots.Add(ResizeTables.Slot(size, w, 0, w)), $"target width {w} shares a slot");
        }
    }

    [Theory]
    [InlineData(64, 25, 63)]
    [InlineData(28, 11, 28)]
    public void WarmCacheStopsRebuildingAcrossThePolicyRange(int size, int min, int max)
    {
        for (int w = min; w <= max; w++)
        {
            ScaleTranslateVbmi.Warm(ResizeAxis.Horizontal(size, w), 0, w);
        }

        int before = ScaleTranslateVbmi.Rebuilds;
        var rng = new Random(3);
        for (int i = 0; i < 2_000; i++)
        {
            int w = rng.Next(min, max + 1);
            ScaleTranslateVbmi.Warm(ResizeAxis.Horizontal(size, w), 0, w);
        }

        Assert.Equal(before, ScaleTranslateVbmi.Rebuilds);

        // A size outside the warmed range must register as a rebuild, or the counter proves nothing.
        ScaleTranslateVbmi.Warm(ResizeAxis.Horizontal(size, max + 1), 0, max + 1);
        Assert.Equal(before + 1, ScaleTranslateVbmi.Rebuilds);
    }

    [Theory]
    [InlineData(64, 25, 63)]
    [InlineData(28, 11, 28)]
    public void WarmVector256LayoutsStopRebuildingAcrossThePolicyRange(int size, int min, int max)
    {
        for (int w = min; w <= max; w++)
        {
            ScaleTranslateVector256.Warm(ResizeAxis.Horizontal(size, w), 0, w);
        }

        int before = ScaleTranslateVector256.Rebuilds;
        var rng = new Random(5);
        for (int i = 0; i < 2_000; i++)
        {
            int w = rng.Next(min, max + 1);
            ScaleTranslateVector256.Warm(ResizeAxis.Horizontal(size, w), 0, w);
        }

        Assert.Equal(before, ScaleTranslateVector256.Rebuilds);

        // A pasted range that was not warmed (a crop) must register as a rebuild, or the counter proves nothing.
        ScaleTranslateVector256.Warm(ResizeAxis.Horizontal(size, max), 1, max - 1);
        Assert.Equal(before + 1, ScaleTranslateVector256.Rebuilds);
    }

    [Fact]
    public void TablesPastTheCacheLimitAreBuiltPerCall()
    {
        // A slot keeps the largest arrays it ever held; a huge target must not stay in one for the thread's lifetime.
        Assert.Same(ResizeAxis.Horizontal(64, 50), ResizeAxis.Horizontal(64, 50));
        Assert.Same(ResizeAxis.Vertical(64, ResizeAxis.CachedOutSize), ResizeAxis.Vertical(64, ResizeAxis.CachedOutSize));
        Assert.NotSame(ResizeAxis.Horizontal(64, ResizeAxis.CachedOutSize + 1), ResizeAxis.Horizontal(64, ResizeAxis.CachedOutSize + 1));
        Assert.NotSame(ResizeAxis.Vertical(64, 5_000), ResizeAxis.Vertical(64, 5_000));
    }

    [Fact]
    public void TargetsPastTheCacheLimitMatchScalarOnEveryPath()
    {
        // A 5,000 x 4,500 zoom of which a 64 x 48 crop lands on the canvas.
        PitchedImage src = PitchedImage.Random(new Random(7), 64, 48, 5);
        AllPaths.MatchScalar(src, 64, 48, "ScaleTranslate 64x48 to 5000x4500 at (-2000, -1500)",
            (s, d) => ScaleTranslate.Apply(s, d, 5_000, 4_500, -2_000, -1_500, SimdPath.Scalar),
            (s, d, p) => ScaleTranslate.Apply(s, d, 5_000, 4_500, -2_000, -1_500, p));
    }
}
