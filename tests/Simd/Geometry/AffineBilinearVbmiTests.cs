using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The VBMI bilinear engine computes Pillow's sample point from the map scaled by 2^16 and floors it with one
/// rounding-mode conversion. These cases aim at where that could go wrong: sample points exactly on a 16.16 step or
/// a pixel edge, points past int32 in 16.16, and coefficients outside the range where the scaling is exact (which
/// must leave the engine, so those rows also pin the generic engines, NaN sample points included). Each is compared
/// bit for bit with the scalar reference on every path.
/// </summary>
[Trait("Category", "Isa")]
public class AffineBilinearVbmiTests
{
    public static TheoryData<double, double, double, double, double, double, bool> Maps => new()
    {
        // Identity and half-pixel offsets: every sample point sits exactly on a pixel centre or edge.
        { 1, 0, 0, 0, 1, 0, true },
        { 1, 0, 0.5, 0, 1, -0.5, true },
        { 1, 0, -0.5, 0, 1, 0.5, true },
        // Column 0 and row 0 sample just left of and above the source (by less than one 16.16 step): outside, fill.
        { 1, 0, -0.5 - (1.0 / 262144), 0, 1, -0.5 - (1.0 / 262144), true },
        // Binary-fraction steps land points exactly on 16.16 grid values, where floor must not slip by one step.
        { 0.5, 0.25, 1.0 / 65536, 0.125, 0.75, -3.0 / 65536, true },
        { 1 + (1.0 / 65536), 0, -1.0 / 131072, 1.0 / 65536, 1, 0, true },
        // Points far past int32 in 16.16: the conversion saturates to int.MinValue and every pixel is the fill.
        { 1, 0, 40000, 0.2, 1, -3, true },
        { 1, 0, -1e9, 0, 1, 0, true },
        { 1, 0.3, 0, 0, 1, 1e11, true },
        { 1, 0, 0, 0.3, 1, -1e11, true },
        { 1, 0.5, -3e10, -0.3, 0.9, 5e10, true },
        // Column or row 32 lands at 65,537 px, 2^32 + 2^16 in 16.16: its low 32 bits read as an inside point (x or
        // y = 1), so a map like this must take the saturating conversion, not the 64-bit one.
        { 2000, 0, 537, 0, 1, 0, true },
        { 1, 0, 0, 0, 2000, 537, true },
        // Outside the exactly-scaling range: the generic engine takes over, with the same result.
        { 1, 0, 2e12, 0, 1, 0, false },
        { 1, 1e-300, 0, 0, 1, 0, false },
        { 1, 0, 0, -1e-260, 1, 0, false },
        // Products that overflow to +inf and -inf and sum to NaN: Pillow's inside test fails, so those pixels are the
        // fill on every path (the generic engine's clamp must not turn NaN into an inside point).
        { 1e308, -1e308, 0, 0, 1, 0, false },
        { 1, 0, 0, -1e308, 1e308, 0, false },
    };

    [Theory]
    [MemberData(nameof(Maps))]
    public void EdgeCaseMapsMatchScalar(double a, double b, double c, double d, double e, double f, bool vbmi)
    {
        var m = new AffineMatrix(a, b, c, d, e, f);
        foreach ((int w, int h) in new[] { (2, 2), (28, 28), (63, 17), (64, 64), (65, 40), (128, 9) })
        {
            var rng = new Random(w * h);
            PitchedImage src = PitchedImage.Random(rng, w, h, 3);
            int dw = w + 3, dh = h - 1 + (w % 3);
            Assert.Equal(vbmi && Avx512Vbmi(), AffineBilinearVbmi.TileHeight(src.Span, new Span2D<byte>(new byte[dw * dh], dh, dw), m) > 0);
            AssertMatchesScalar(src, dw, dh, m, (byte)rng.Next(256));
        }
    }

    [Theory]
    [InlineData(28, 28, 1.0, 4)]
    [InlineData(28, 28, -3.0, 4)]
    [InlineData(28, 28, 15.0, 4)]
    [InlineData(40, 40, 2.0, 8)]
    [InlineData(64, 64, 1.0, 1)]
    [InlineData(64, 64, 15.0, 4)]
    public void NarrowDestinationsTakeTheShapeWithFewerTiles(int width, int height, double angle, int tileHeight)
    {
        // 28 one-row tiles of a 28-wide image hold 28 pixels each; 14 tiles of 16x4 cross a few more rows but cost
        // half the coordinates and blends. On a 64x64 destination every shape makes 64 tiles, so the rows decide.
        Assert.Equal(tileHeight, AffineBilinearVbmi.TileHeight(width, height, AffineMatrix.PillowRotate(angle, width, height)));
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(-4, 2)]
    [InlineData(15, 4)]
    [InlineData(-30, 8)]
    [InlineData(60, 8)]
    public void EachTileShapeMatchesScalar(double angle, int tileHeight)
    {
        // 64x64 destination: the tile shape the engine picks for this angle, on images where it has to clip tiles.
        Assert.Equal(tileHeight, AffineBilinearVbmi.TileHeight(64, 64, AffineMatrix.PillowRotate(angle, 64, 64)));
        var rng = new Random(tileHeight);
        foreach ((int w, int h) in new[] { (64, 64), (70, 67), (100, 9), (9, 100), (128, 128), (30, 30) })
        {
            PitchedImage src = PitchedImage.Random(rng, w, h, rng.Next(0, 4));
            AffineMatrix m = AffineMatrix.PillowRotate(angle, w, h);
            AssertMatchesScalar(src, w, h, m, (byte)rng.Next(256));
            AssertMatchesScalar(src, w + 13, h + 6, m.Then(AffineMatrix.Shear(0.1, -0.05)), (byte)rng.Next(256));
        }
    }

    [Fact]
    public void DestinationsWiderThanTheColumnTableTakeTheEngineInStrips()
    {
        var rng = new Random(512);
        PitchedImage src = PitchedImage.Random(rng, 64, 32, 1);
        AffineMatrix m = AffineMatrix.ScaleTranslate(0.125, 1, 0, 0);
        foreach (int width in new[] { 512, 513, 1025 })
        {
            Assert.Equal(Avx512Vbmi(), AffineBilinearVbmi.TileHeight(src.Span, new Span2D<byte>(new byte[width * 32], 32, width), m) > 0);
            AssertMatchesScalar(src, width, 32, m, 7);
        }
    }

    [Fact]
    public void RandomSmallRotationsAndShearsMatchScalar()
    {
        var rng = new Random(20261202);
        for (int i = 0; i < 300; i++)
        {
            int w = rng.Next(2, 129), h = rng.Next(2, 90);
            PitchedImage src = PitchedImage.Random(rng, w, h, rng.Next(0, 5));
            double angle = (rng.NextDouble() * 120) - 60;
            AffineMatrix m = AffineMatrix.PillowRotate(angle, w, h).Then(AffineMatrix.Shear((rng.NextDouble() * 0.6) - 0.3, (rng.NextDouble() * 0.2) - 0.1));
            AssertMatchesScalar(src, rng.Next(1, 140), rng.Next(1, 90), m, (byte)rng.Next(256));
        }
    }

    /// <summary>
    /// Rows wider than 128 pixels are read as a 64-byte window per tile, placed at the tile's leftmost tap and clamped
    /// into the row: rotations, shears and zooms of wide sources, destinations wider and narrower than the source (tiles
    /// at both ends of the rows, where the window is clamped), and fills.
    /// </summary>
    [Fact]
    public void WideSourcesReadAWindowPerTile()
    {
        var rng = new Random(224);
        foreach (int w in new[] { 129, 130, 191, 224, 256, 300, 600 })
        {
            int h = rng.Next(20, 120);
            PitchedImage src = PitchedImage.Random(rng, w, h, rng.Next(0, 5));
            foreach (double angle in new[] { 0.0, 0.5, -7, 15, -33, 60, 180 })
            {
                AffineMatrix m = AffineMatrix.PillowRotate(angle, w, h);
                int dw = Math.Min(w + rng.Next(-20, 20), 512), dh = h + rng.Next(-5, 5);
                Assert.Equal(Avx512Vbmi() && System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported,
                    AffineBilinearVbmi.TileHeight(src.Span, new Span2D<byte>(new byte[dw * dh], dh, dw), m) > 0);
                AssertMatchesScalar(src, dw, dh, m, (byte)rng.Next(256));
                AssertMatchesScalar(src, dw, dh, m.Then(AffineMatrix.Shear((rng.NextDouble() * 0.6) - 0.3, (rng.NextDouble() * 0.2) - 0.1)), (byte)rng.Next(256));
            }

            AssertMatchesScalar(src, Math.Min(w, 512), h, AffineMatrix.ScaleTranslate(1.3, 0.9, -4, 2), 0);
            AssertMatchesScalar(src, Math.Min(w, 512), h, AffineMatrix.ScaleTranslate(0.4, 1.1, 3, -1), 255);
        }
    }

    /// <summary>
    /// On a wide source a tile shape applies only while its taps fit the 64-byte window: a zoom out by 8.5 along the
    /// rows spans 61.5 columns over an 8 x 8 tile and takes the engine, one by 9 spans 65 in every shape and leaves it.
    /// Both must match the scalar reference.
    /// </summary>
    [Fact]
    public void WideSourcesLeaveTheEngineWhenTapsOutgrowTheWindow()
    {
        var rng = new Random(62);
        PitchedImage src = PitchedImage.Random(rng, 600, 40, 2);
        var inside = new AffineMatrix(8.5, 0, 0.25, 0, 1, 0);
        var outside = new AffineMatrix(9, 0, 0.25, 0, 1, 0);
        Assert.Equal(8, AffineBilinearVbmi.TileHeight(64, 40, inside, windowed: true));
        Assert.Equal(0, AffineBilinearVbmi.TileHeight(64, 40, outside, windowed: true));
        Assert.NotEqual(0, AffineBilinearVbmi.TileHeight(64, 40, outside, windowed: false));
        AssertMatchesScalar(src, 71, 40, inside, 9);
        AssertMatchesScalar(src, 66, 40, outside, 9);
    }

    [Fact]
    public void TileRowBoundsAreTheCornerBaseRows()
    {
        // The vector bounds must equal BaseRow's min and max over each tile's corners, also where the sample point
        // is past int64 in 16.16 (d up to 1e12 over 512 columns), which the vector conversion does not saturate.
        if (!Avx512Vbmi() || !System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported)
        {
            return;
        }

        var rng = new Random(64);
        double[] scales = [1e-3, 0.3, 1, 40, 1e6, 1e12];
        for (int i = 0; i < 400; i++)
        {
            double s = scales[rng.Next(scales.Length)];
            var m = new AffineMatrix(1, (rng.NextDouble() - 0.5) * s, 0, (rng.NextDouble() - 0.5) * s, (rng.NextDouble() - 0.5) * s, (rng.NextDouble() - 0.5) * s * 512);
            int h = rng.Next(2, 300), tw = 8 << rng.Next(4), dw = rng.Next(1, 513);
            var geo = new AffineBilinearVbmi.Geometry(m, rng.Next(2, 129), h, tw);
            var lows = new long[128];
            var highs = new long[128];
            double first = geo.ScaledE * (rng.Next(0, 300) + 0.5), last = first + (geo.ScaledE * rng.Next(0, 8));
            geo.TileRowBounds(dw, first, last, ref lows[0], ref highs[0]);
            for (int x0 = 0, tile = 0; x0 < dw; x0 += tw, tile++)
            {
                int x = dw >= tw ? Math.Min(x0, dw - tw) : 0, n = Math.Min(tw, dw);
                int[] corners = [geo.BaseRow(x, first), geo.BaseRow(x + n - 1, first), geo.BaseRow(x, last), geo.BaseRow(x + n - 1, last)];
                Assert.True(corners.Min() == lows[2 * tile] && corners.Max() == highs[2 * tile], $"{m}, h {h}, tile {tile} of width {tw} in {dw}: [{lows[2 * tile]}, {highs[2 * tile]}] against [{corners.Min()}, {corners.Max()}].");
            }
        }
    }

    private static bool Avx512Vbmi() => System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported;

    private static void AssertMatchesScalar(PitchedImage src, int dw, int dh, AffineMatrix m, byte fill) =>
        AllPaths.MatchScalar(src, dw, dh, $"{m} fill {fill}",
            (s, d) => AffineScalar.Apply(s, d, m, Interpolation.Bilinear, fill),
            (s, d, p) => Affine.Apply(s, d, m, Interpolation.Bilinear, p, fill));
}
