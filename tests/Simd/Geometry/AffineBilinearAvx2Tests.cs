using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The AVX2 bilinear engine takes a block's bounds from its own lanes and looks each crossed row up in a window of one
/// or two 16-byte chunks. These cases aim at where that could go wrong: source widths from one chunk up, including widths between whole
/// chunks (the second chunk overlaps the first) and rows wider than the 127 columns a signed byte holds (the lanes'
/// columns are relative to the window); windows clamped at both ends of the row; blocks hanging over every edge, or wholly outside, with a fill that is not zero; each block height; and
/// zooms whose blocks need the second chunk. Each is compared bit for bit with the scalar reference on every path (the
/// 256-bit path takes this engine, and so does the 512-bit one without VBMI).
/// </summary>
[Trait("Category", "Isa")]
public class AffineBilinearAvx2Tests
{
    private static readonly (int Width, int Height)[] Sizes =
        [(16, 16), (17, 9), (24, 30), (28, 28), (31, 12), (32, 32), (33, 20), (40, 7), (48, 48), (49, 21), (63, 40), (64, 64), (65, 19), (96, 40), (127, 12),
         (128, 20), (129, 33), (200, 24), (257, 17)];

    [Theory]
    [InlineData(28)]
    [InlineData(64)]
    public void AugmentationRotationsAndShearsTakeTheEngine(int size)
    {
        var src = new ReadOnlySpan2D<byte>(new byte[size * size], size, size);
        var dst = new Span2D<byte>(new byte[size * size], size, size);
        foreach (double angle in new[] { -15.0, -7, 0.5, 3, 15 })
        {
            AffineMatrix m = AffineMatrix.PillowRotate(angle, size, size);
            Assert.Equal(Avx2.IsSupported, AffineBilinearAvx2.TileHeight(src, dst, m) > 0);
            Assert.Equal(Avx2.IsSupported, AffineBilinearAvx2.TileHeight(src, dst, AffineMatrix.Shear(angle / 50, -angle / 70)) > 0);
        }
    }

    [Fact]
    public void SourcesOutsideTheEngineWidthsAndPointsPastInt32LeaveIt()
    {
        AffineMatrix m = AffineMatrix.PillowRotate(5, 32, 32);
        var dst = new Span2D<byte>(new byte[32 * 32], 32, 32);
        Assert.Equal(0, AffineBilinearAvx2.TileHeight(new ReadOnlySpan2D<byte>(new byte[15 * 32], 32, 15), dst, m));
        // A wide row takes the engine while a block's taps fit two chunks; a zoom out by 5 spreads them over more.
        var wide = new ReadOnlySpan2D<byte>(new byte[300 * 32], 32, 300);
        Assert.Equal(Avx2.IsSupported, AffineBilinearAvx2.TileHeight(wide, dst, m) > 0);
        Assert.Equal(0, AffineBilinearAvx2.TileHeight(wide, dst, new AffineMatrix(5, 0, 0, 0, 5, 0)));
        // A sample point 40,000 pixels away does not fit 16.16 in int32.
        var src = new ReadOnlySpan2D<byte>(new byte[32 * 32], 32, 32);
        Assert.Equal(0, AffineBilinearAvx2.TileHeight(src, dst, new AffineMatrix(1, 0, 40000, 0, 1, 0)));
        Assert.Equal(Avx2.IsSupported, AffineBilinearAvx2.TileHeight(src, dst, new AffineMatrix(1, 0.01, 20000, 0, 1, 0)) > 0);
    }

    [Fact]
    public void SmallRotationsAndShearsAcrossEveryEdgeMatchScalar()
    {
        var rng = new Random(47);
        foreach ((int w, int h) in Sizes)
        {
            foreach (int pitch in new[] { 0, 3 })
            {
                PitchedImage src = PitchedImage.Random(rng, w, h, pitch);
                for (int i = 0; i < 24; i++)
                {
                    double angle = (rng.NextDouble() - 0.5) * (i % 4 == 0 ? 90 : 30) * Math.PI / 180;
                    double shear = i % 3 == 0 ? (rng.NextDouble() - 0.5) * 0.5 : 0;
                    double zoom = i % 2 == 0 ? 1 : 0.6 + (rng.NextDouble() * 1.4);
                    var m = new AffineMatrix(
                        Math.Cos(angle) * zoom, (Math.Sin(angle) + shear) * zoom, (rng.NextDouble() - 0.5) * w * 1.2,
                        -Math.Sin(angle) * zoom, Math.Cos(angle) * zoom, (rng.NextDouble() - 0.5) * h * 1.2);
                    AssertMatchesScalar(src, w + rng.Next(-2, 3), h + rng.Next(-2, 3), m, (byte)rng.Next(1, 256));
                }
            }
        }
    }

    [Fact]
    public void EveryBlockHeightAndWindowMatchesScalar()
    {
        var rng = new Random(53);
        foreach ((int w, int h) in Sizes)
        {
            PitchedImage src = PitchedImage.Random(rng, w, h, 1);
            var dst = new PitchedImage(w, h, 0);
            var seen = new HashSet<(int, int)>();
            // Near-horizontal maps (wide blocks), rotations (square blocks), zooms out (two chunks).
            foreach (double angle in new[] { 0.0, 0.4, -3, 12, -25, 40 })
            {
                foreach (double step in new[] { 0.5, 0.9, 1.0, 1.6, 2.2 })
                {
                    double rad = angle * Math.PI / 180;
                    var m = new AffineMatrix(Math.Cos(rad) * step, Math.Sin(rad) * step, 1.5, -Math.Sin(rad) * step, Math.Cos(rad) * step, -2.5);
                    int th = AffineBilinearAvx2.TileHeight(src.Span, dst.Span, m);
                    if (th > 0)
                    {
                        seen.Add((th, AffineBilinearAvx2.Chunks(w, m, th)));
                    }

                    AssertMatchesScalar(src, w, h, m, 200);
                }
            }

            if (Avx2.IsSupported)
            {
                Assert.Contains(seen, s => s.Item2 == 1);
                Assert.Contains(seen, s => s.Item2 == 2);
                Assert.Contains(seen, s => s.Item1 == 4);
            }
        }
    }

    [Fact]
    public void DestinationsWiderThanTheColumnTermsGoInStripsAndMatchScalar()
    {
        // Past 512 columns the bilinear engines run in column strips of equal width; every strip must keep the absolute
        // column in its sample points (the VBMI engine's tile bounds and windows too), so any seam would show here.
        var rng = new Random(59);
        foreach ((int sw, int sh) in new[] { (60, 30), (300, 40), (700, 12) })
        {
            PitchedImage src = PitchedImage.Random(rng, sw, sh, 1);
            foreach (int dw in new[] { 513, 600, 1030, 1537 })
            {
                var dst = new PitchedImage(dw, 8, 0);
                foreach (double angle in new[] { 0.3, -4.0, 11.0 })
                {
                    // Zoomed so that the source spans the destination's width: every strip samples it.
                    double zoom = (double)sw / dw, rad = angle * Math.PI / 180;
                    var m = new AffineMatrix(Math.Cos(rad) * zoom, Math.Sin(rad), 0.3, -Math.Sin(rad) * zoom, Math.Cos(rad), sh / 3.0);
                    if (Avx2.IsSupported)
                    {
                        Assert.True(AffineBilinearAvx2.TileHeight(src.Span, dst.Span, m) > 0, $"{sw}x{sh} to {dw}: {m}");
                    }

                    if (Avx512Vbmi.IsSupported)
                    {
                        Assert.True(AffineBilinearVbmi.TileHeight(src.Span, dst.Span, m) > 0, $"{sw}x{sh} to {dw}: {m}");
                    }

                    AssertMatchesScalar(src, dw, 8, m, (byte)rng.Next(1, 256));
                }
            }
        }
    }

    private static void AssertMatchesScalar(PitchedImage src, int dw, int dh, AffineMatrix m, byte fill) =>
        AllPaths.MatchScalar(src, dw, dh, $"{m} fill {fill}",
            (s, d) => AffineScalar.Apply(s, d, m, Interpolation.Bilinear, fill),
            (s, d, p) => Affine.Apply(s, d, m, Interpolation.Bilinear, p, fill));
}
