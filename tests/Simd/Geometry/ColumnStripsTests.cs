using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The bilinear engines' column strips: together they are the destination, in order and without overlap, and each is
/// at least half the table wide (wider than any block) and at most the table.
/// </summary>
public class ColumnStripsTests
{
    [Theory]
    [InlineData(1, 512)]
    [InlineData(512, 512)]
    [InlineData(513, 512)]
    [InlineData(1025, 512)]
    [InlineData(1537, 512)]
    [InlineData(100_003, 512)]
    public void StripsTileTheDestination(int width, int maxWidth)
    {
        var dst = new Span2D<byte>(new byte[width * 3], 3, width);
        int strips = ColumnStrips.Count(width, maxWidth);
        int next = 0;
        for (int k = 0; k < strips; k++)
        {
            Span2D<byte> strip = ColumnStrips.Get(dst, strips, k, out int start);
            Assert.Equal(next, start);
            Assert.Equal(3, strip.Height);
            Assert.InRange(strip.Width, Math.Min(width, maxWidth / 2), maxWidth);
            Assert.True(Unsafe.AreSame(ref dst[0, start], ref strip[0, 0]), $"strip {k} starts at column {start}");
            next = start + strip.Width;
        }

        Assert.Equal(width, next);
    }
}
