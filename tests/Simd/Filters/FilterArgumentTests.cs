using CommunityToolkit.HighPerformance;
using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

public sealed class FilterArgumentTests
{
    private delegate void Filter(ReadOnlySpan2D<byte> src, Span2D<byte> dst);

    private static readonly (string Name, Filter Run)[] Filters =
    [
        ("smooth", (s, d) => Smooth.Apply(s, d)),
        ("smooth-scalar", (s, d) => SmoothScalar.Apply(s, d)),
        ("sharpen", (s, d) => Sharpen.Apply(s, d)),
        ("sharpen-scalar", (s, d) => SharpenScalar.Apply(s, d)),
        ("blur", (s, d) => GaussianBlur.Apply(s, d, 1f)),
        ("blur-scalar", (s, d) => GaussianBlurScalar.Apply(s, d, 1f)),
    ];

    [Fact]
    public void DestinationOfTheWrongSizeThrowsNamingDstAndWritesNothing()
    {
        var src = new byte[8 * 8];
        var dst = new byte[8 * 8];
        Array.Fill(dst, (byte)7);
        foreach ((string name, Filter run) in Filters)
        {
            var error = Assert.Throws<ArgumentException>(() => run(new ReadOnlySpan2D<byte>(src, 8, 8), new Span2D<byte>(dst, 7, 8)));
            Assert.True(error.ParamName == "dst", name);
            error = Assert.Throws<ArgumentException>(() => run(new ReadOnlySpan2D<byte>(src, 8, 8), new Span2D<byte>(dst, 8, 7)));
            Assert.True(error.ParamName == "dst", name);
            Assert.All(dst, b => Assert.Equal(7, b));
        }
    }

    [Fact]
    public void EmptySourceThrowsNamingSrc()
    {
        var dst = new byte[4];
        foreach ((string name, Filter run) in Filters)
        {
            var error = Assert.Throws<ArgumentException>(() => run(new ReadOnlySpan2D<byte>(new byte[4], 0, 2), new Span2D<byte>(dst, 0, 2)));
            Assert.True(error.ParamName == "src", name);
        }
    }

    [Fact]
    public void OverlappingBuffersThrow()
    {
        var buffer = new byte[10 * 10];
        var error = Assert.Throws<ArgumentException>(() => Smooth.Apply(new ReadOnlySpan2D<byte>(buffer, 5, 5), new Span2D<byte>(buffer, 20, 5, 5, 0)));
        Assert.Equal("dst", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => GaussianBlur.Apply(new ReadOnlySpan2D<byte>(buffer, 0, 4, 4, 6), new Span2D<byte>(buffer, 32, 4, 4, 0), 1f));
        Assert.Equal("dst", error.ParamName);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(-0.5f)]
    [InlineData(-float.Epsilon)]
    [InlineData(GaussianBlur.MaxRadius * 1.01f)]
    [InlineData(float.MaxValue)]
    public void BadRadiusThrowsNamingRadiusAndWritesNothing(float radius)
    {
        var src = new byte[6 * 6];
        var dst = new byte[6 * 6];
        Array.Fill(dst, (byte)9);
        var error = Assert.ThrowsAny<ArgumentException>(() => GaussianBlur.Apply(new ReadOnlySpan2D<byte>(src, 6, 6), new Span2D<byte>(dst, 6, 6), radius));
        Assert.Equal("radius", error.ParamName);
        error = Assert.ThrowsAny<ArgumentException>(() => GaussianBlurScalar.Apply(new ReadOnlySpan2D<byte>(src, 6, 6), new Span2D<byte>(dst, 6, 6), radius));
        Assert.Equal("radius", error.ParamName);
        Assert.All(dst, b => Assert.Equal(9, b));
    }

    [Fact]
    public void UnsupportedPathThrowsNotSupported()
    {
        if (SimdDispatch.Best == SimdPath.Vector512)
        {
            return;
        }

        var buffer = new byte[9];
        Assert.Throws<NotSupportedException>(() => Smooth.Apply(new ReadOnlySpan2D<byte>(buffer, 3, 3), new Span2D<byte>(new byte[9], 3, 3), SimdPath.Vector512));
    }

    [Fact]
    public void RadiusZeroAndTinyImagesCopy()
    {
        var random = new Random(3);
        foreach ((int h, int w) in new[] { (1, 1), (2, 2), (1, 5), (5, 2), (2, 9) })
        {
            var src = new byte[h * w];
            random.NextBytes(src);
            foreach ((string name, Filter run) in Filters.Where(f => !f.Name.StartsWith("blur", StringComparison.Ordinal)))
            {
                var dst = new byte[h * w];
                run(new ReadOnlySpan2D<byte>(src, h, w), new Span2D<byte>(dst, h, w));
                Assert.True(src.AsSpan().SequenceEqual(dst), $"{name} {h}x{w}");
            }
        }

        var image = new byte[17 * 23];
        random.NextBytes(image);
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            var dst = new byte[image.Length];
            GaussianBlur.Apply(new ReadOnlySpan2D<byte>(image, 17, 23), new Span2D<byte>(dst, 17, 23), 0f, path);
            Assert.Equal(image, dst);
        }
    }

    [Fact]
    public void BordersOfThreeByThreeFiltersAreCopied()
    {
        var random = new Random(4);
        var src = new byte[3 * 3];
        random.NextBytes(src);
        var dst = new byte[9];
        Sharpen.Apply(new ReadOnlySpan2D<byte>(src, 3, 3), new Span2D<byte>(dst, 3, 3));
        for (int i = 0; i < 9; i++)
        {
            if (i != 4)
            {
                Assert.Equal(src[i], dst[i]);
            }
        }

        int box = src.Sum(b => b);
        Assert.Equal(Math.Clamp((int)Math.Floor(((34 * src[4]) - (2 * box)) / 16.0 + 0.5), 0, 255), dst[4]);
    }
}
