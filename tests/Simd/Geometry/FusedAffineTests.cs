using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The fast fused warp: every path against its scalar twin bit for bit over all tile shapes of the VBMI engine and
/// its fallbacks, and the twin itself against exact real-valued bilinear sampling of the composed matrix.
/// </summary>
[Trait("Category", "Isa")]
public class FusedAffineTests
{
    public static TheoryData<int, int, int, int> Shapes => new()
    {
        { 28, 28, 28, 28 }, { 64, 64, 64, 64 }, { 64, 64, 61, 67 }, { 126, 40, 130, 41 }, { 127, 30, 100, 30 },
        { 32, 32, 32, 32 }, { 45, 50, 64, 40 }, { 63, 70, 64, 64 }, { 20, 100, 9, 120 }, { 128, 20, 64, 16 }, { 129, 9, 64, 9 }, { 9, 9, 8, 8 }, { 5, 70, 70, 5 }, { 2, 2, 64, 8 }, { 1, 3, 17, 2 },
        // Wider than 128: 64-byte windows of the rows per tile, clamped at both ends.
        { 224, 60, 224, 60 }, { 129, 50, 160, 50 }, { 300, 40, 200, 45 }, { 600, 20, 512, 24 },
    };

    /// <summary>Rotations, shears and mild zooms of sources wider than 128 take the VBMI engine (a window per tile); strong zooms out do not.</summary>
    [Theory]
    [InlineData(224, 224, 15, 0.1, -0.05, 0.9, true)]
    [InlineData(224, 224, -40, 0, 0.1, 1.2, true)]
    [InlineData(600, 100, 3, 0, 0, 1, true)]
    [InlineData(600, 100, 0, 0, 0, 0.1, false)]
    public void WideSourcesTakeTheEngineWhileTapsFitAWindow(int width, int height, double angle, double sx, double sy, double scale, bool expected)
    {
        var src = new ReadOnlySpan2D<byte>(new byte[width * height], height, width);
        var dst = new Span2D<byte>(new byte[width * height], height, width);
        FusedFixed f = FusedFixed.From(FusedAffine.Compose(src, dst, angle, sx, sy, scale, 0, 0));
        Assert.Equal(expected && System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported, FusedAffineVbmi.TileHeight(src, dst, f) > 0);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryPathMatchesTheScalarTwin(int width, int height, int dstWidth, int dstHeight)
    {
        var rng = new Random((width * 977) + (height * 13) + dstWidth);
        var src = PitchedImage.Random(rng, width, height, rng.Next(0, 5));
        // Angles and scales that pick every tile height (near-horizontal, rotations, quarter turns, zoom out)
        // and the per-pixel fallback (steep, strongly shrinking maps); offsets that move the image partly or wholly off.
        double[] angles = [0, 2.5, -15, 30, 45, -90, 180, 137];
        double[] scales = [1, 0.8, 0.3, 2.5, 0.1];
        var cases = new List<(double, double, double, double, double, double)>();
        foreach (double angle in angles)
        {
            foreach (double scale in scales)
            {
                cases.Add((angle, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, scale, (rng.NextDouble() - 0.5) * 10, (rng.NextDouble() - 0.5) * 10));
            }
        }

        cases.Add((10, 0, 0, 1, 1000, 0));
        cases.Add((0, 0, 0, 1, -0.5, 0.25));
        cases.Add((-7, 0.1, 0, 1e-4, 0, 0));
        foreach ((double angle, double sx, double sy, double scale, double ox, double oy) in cases)
        {
            byte fill = (byte)rng.Next(256);
            var expected = new PitchedImage(dstWidth, dstHeight, 1);
            FusedAffineScalar.Apply(src.Span, expected.Span, angle, sx, sy, scale, ox, oy, fill);
            byte[] want = expected.ToArray();
            foreach (SimdPath path in SimdDispatch.Supported)
            {
                var actual = new PitchedImage(dstWidth, dstHeight, 3);
                Array.Fill(actual.Buffer, (byte)0x5A);
                FusedAffine.Apply(src.Span, actual.Span, angle, sx, sy, scale, ox, oy, path, fill);
                byte[] got = actual.ToArray();
                int at = -1;
                for (int i = 0; i < got.Length && at < 0; i++)
                {
                    at = got[i] == want[i] ? -1 : i;
                }

                Assert.True(at < 0, $"fused {angle} {sx} {sy} {scale} {ox} {oy} on {width}x{height} -> {dstWidth}x{dstHeight}, {path}: " +
                    $"pixel ({Math.Max(at, 0) % dstWidth}, {Math.Max(at, 0) / dstWidth}) is {(at < 0 ? 0 : got[at])}, scalar gives {(at < 0 ? 0 : want[at])}.");
                for (int r = 0; r < dstHeight; r++)
                {
                    for (int k = 0; k < actual.Pitch; k++)
                    {
                        Assert.Equal(0x5A, actual.Buffer[actual.Offset + (r * (dstWidth + actual.Pitch)) + dstWidth + k]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// On a wide source a tile shape applies only while its taps span at most 62 columns: a zoom out by 8.7 along the
    /// rows (61.9 columns over an 8 x 8 tile) takes the engine and matches the scalar loop at that widest span; one by
    /// 9 (64 columns) does not.
    /// </summary>
    [Fact]
    public void WideSourcesLeaveTheEngineWhenTapsOutgrowTheWindow()
    {
        var rng = new Random(62);
        PitchedImage src = PitchedImage.Random(rng, 600, 40, 2);
        var dst = new Span2D<byte>(new byte[71 * 40], 40, 71);
        FusedFixed inside = FusedFixed.From(new AffineMatrix(8.7, 0, 0.25, 0, 1, 0));
        FusedFixed outside = FusedFixed.From(new AffineMatrix(9, 0, 0.25, 0, 1, 0));
        Assert.Equal(0, FusedAffineVbmi.TileHeight(src.Span, dst, outside));
        if (!System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported)
        {
            return;
        }

        int th = FusedAffineVbmi.TileHeight(src.Span, dst, inside);
        Assert.Equal(8, th);
        var expected = new byte[71 * 40];
        FusedFixed.Scalar(src.Span, new Span2D<byte>(expected, 40, 71), inside, 9);
        FusedAffineVbmi.Run(src.Span, dst, inside, th, 9);
        Assert.True(expected.AsSpan().SequenceEqual(dst.ToArray().Cast<byte>().ToArray()));
    }

    [Theory]
    [InlineData(64, 64, 15, 0.2, 0.1, 0.8, true)]
    [InlineData(64, 64, -8, -0.15, 0, 0.6, true)]
    [InlineData(32, 32, 15, 0.2, 0.1, 0.8, true)]
    [InlineData(28, 28, 15, 0.2, 0.1, 0.8, true)]
    [InlineData(28, 28, 0, 0, 0, 0.3, true)]
    [InlineData(33, 33, 0, 0, 0, 0.6, false)]
    [InlineData(64, 64, 0, 0, 0, 0.6, false)]
    public void FourRowTablesServeTheCommonWarps(int width, int height, double angle, double sx, double sy, double scale, bool expected)
    {
        var src = new PitchedImage(width, height, 0);
        var dst = new PitchedImage(width, height, 0);
        var f = FusedFixed.From(FusedAffine.Compose(src.Span, dst.Span, angle, sx, sy, scale, 0, 0));
        int th = FusedAffineVbmi.TileHeight(src.Span, dst.Span, f);
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported, th > 0);
        if (th == 0)
        {
            return;
        }

        Assert.Equal(expected, FusedAffineVbmi.UsesFourRowTables(width, f, th));
    }

    [Theory]
    [InlineData(28, 28, 12.5, 0.1, -0.2, 0.9, 2, -1)]
    [InlineData(64, 64, -15, 0.2, 0.1, 0.8, 0, 0)]
    [InlineData(64, 48, 40, 0, 0, 1.7, -20, 5)]
    [InlineData(33, 65, 171, -0.3, 0.2, 0.6, 3, 3)]
    public void ScalarTwinIsWithinTwoLevelsOfExactBilinear(int width, int height, double angle, double sx, double sy, double scale, double ox, double oy)
    {
        var rng = new Random(width + height);
        var src = PitchedImage.Random(rng, width, height, 2);
        const byte fill = 77;
        var dst = new PitchedImage(width, height, 0);
        FusedAffineScalar.Apply(src.Span, dst.Span, angle, sx, sy, scale, ox, oy, fill);
        AffineMatrix m = FusedAffine.Compose(src.Span, dst.Span, angle, sx, sy, scale, ox, oy);
        byte[] pixels = src.ToArray();
        int checkedInside = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double u = (m.A * (x + 0.5)) + (m.B * (y + 0.5)) + m.C;
                double v = (m.D * (x + 0.5)) + (m.E * (y + 0.5)) + m.F;
                // The fixed-point coordinates are within 1/100 pixel of these; closer to the edge either answer is right.
                double margin = Math.Min(Math.Min(u, width - u), Math.Min(v, height - v));
                if (Math.Abs(margin) < 0.01)
                {
                    continue;
                }

                int got = dst.Span[y, x];
                if (margin < 0)
                {
                    Assert.Equal(fill, got);
                    continue;
                }

                double xs = u - 0.5, ys = v - 0.5;
                int x0 = (int)Math.Floor(xs), y0 = (int)Math.Floor(ys);
                double fx = xs - x0, fy = ys - y0;
                double Tap(int yy, int xx) => pixels[(Math.Clamp(yy, 0, height - 1) * width) + Math.Clamp(xx, 0, width - 1)];
                double exact = ((1 - fy) * (((1 - fx) * Tap(y0, x0)) + (fx * Tap(y0, x0 + 1)))) +
                    (fy * (((1 - fx) * Tap(y0 + 1, x0)) + (fx * Tap(y0 + 1, x0 + 1))));
                Assert.True(Math.Abs(got - exact) <= 2.0, $"pixel ({x}, {y}): fused {got}, exact bilinear {exact:F3}.");
                checkedInside++;
            }
        }

        Assert.True(checkedInside > width * height / 4, $"only {checkedInside} inside pixels were checked.");
    }
}
