using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The AVX2 fused engine looks each crossed source row up in a window of one or two 16-byte chunks. These cases aim at
/// where that could go wrong: source widths from one chunk up, including widths between whole chunks (the second
/// chunk then overlaps the first) and rows wider than a byte's columns (the lanes' columns are relative to the window); windows clamped at both ends of the row; blocks hanging over every edge with
/// a fill that is not zero; each block height; and zooms whose blocks need the second chunk. Each is compared bit for
/// bit with the scalar twin on every path (the 256-bit path takes this engine, and so does the 512-bit one without VBMI).
/// </summary>
[Trait("Category", "Isa")]
public class FusedAffineAvx2Tests
{
    private static readonly (int Width, int Height)[] Sizes =
        [(16, 16), (17, 9), (24, 30), (28, 28), (31, 12), (32, 32), (33, 20), (40, 7), (48, 48), (49, 21), (63, 40), (64, 64), (65, 19), (96, 40), (127, 12), (128, 9),
         (129, 33), (200, 24), (257, 17)];

    [Theory]
    [InlineData(28)]
    [InlineData(64)]
    public void LoaderWarpsTakeTheEngine(int size)
    {
        var src = new PitchedImage(size, size, 0);
        var dst = new PitchedImage(size, size, 0);
        var rng = new Random(size);
        for (int i = 0; i < 100; i++)
        {
            // FusedAffineOp's defaults: rotations up to 15 degrees, shears up to 0.2, scales of 25/64 to 63/64; the
            // engine takes them all, in one chunk or two.
            double angle = (rng.NextDouble() - 0.5) * 30, sx = (rng.NextDouble() - 0.5) * 0.4, scale = (25 + (rng.NextDouble() * 38)) / 64;
            FusedFixed f = FusedFixed.From(FusedAffine.Compose(src.Span, dst.Span, angle, sx, 0, scale, 0, 0));
            int th = FusedAffineAvx2.TileHeight(src.Span, dst.Span, f);
            Assert.True(Avx2.IsSupported == th > 0, $"angle {angle}, shear {sx}, scale {scale}: block height {th}.");
        }
    }

    [Fact]
    public void NearHorizontalMapsOverWideRowsAvoidBlocksBeyondTwoChunks()
    {
        // 32x1 blocks cross the fewest rows but span 34 columns, more than two chunks of a 64-pixel row.
        var src = new PitchedImage(64, 64, 0);
        var dst = new PitchedImage(64, 64, 0);
        FusedFixed f = FusedFixed.From(FusedAffine.Compose(src.Span, dst.Span, 0.3, 0, 0, 1, 0, 0));
        Assert.Equal(0, FusedAffineAvx2.Chunks(64, f, 1));
        Assert.Equal(2, FusedAffineAvx2.Chunks(28, f, 1));
        if (Avx2.IsSupported)
        {
            Assert.Contains(FusedAffineAvx2.TileHeight(src.Span, dst.Span, f), new[] { 2, 4 });
        }
    }

    [Fact]
    public void SourcesNarrowerThanAChunkAndTapsBeyondTwoChunksLeaveTheEngine()
    {
        var dst = new PitchedImage(32, 32, 0);
        var narrow = new PitchedImage(15, 32, 0);
        Assert.Equal(0, FusedAffineAvx2.TileHeight(narrow.Span, dst.Span, FusedFixed.From(FusedAffine.Compose(narrow.Span, dst.Span, 5, 0, 0, 1, 0, 0))));
        // A row of any width takes the engine while a block's taps fit two chunks; a zoom out by 5 spreads them over more.
        var wide = new PitchedImage(300, 32, 0);
        Assert.Equal(Avx2.IsSupported, FusedAffineAvx2.TileHeight(wide.Span, dst.Span, FusedFixed.From(FusedAffine.Compose(wide.Span, dst.Span, 5, 0, 0, 1, 0, 0))) > 0);
        Assert.Equal(0, FusedAffineAvx2.TileHeight(wide.Span, dst.Span, FusedFixed.From(FusedAffine.Compose(wide.Span, dst.Span, 5, 0, 0, 0.2, 0, 0))));
    }

    [Fact]
    public void RotationsShearsAndZoomsAcrossEveryEdgeMatchScalar()
    {
        var rng = new Random(41);
        foreach ((int w, int h) in Sizes)
        {
            foreach (int pitch in new[] { 0, 3 })
            {
                PitchedImage src = PitchedImage.Random(rng, w, h, pitch);
                for (int i = 0; i < 24; i++)
                {
                    // Small and large angles (every block height), zooms in and out (one and two chunks), and offsets
                    // that push the image over each edge.
                    double angle = i % 4 == 0 ? rng.Next(-2, 3) * 0.2 : (rng.NextDouble() - 0.5) * (i % 3 == 0 ? 100 : 30);
                    double sx = i % 3 == 1 ? (rng.NextDouble() - 0.5) * 0.5 : 0;
                    double sy = i % 5 == 2 ? (rng.NextDouble() - 0.5) * 0.3 : 0;
                    double scale = i % 2 == 0 ? 0.85 + (rng.NextDouble() * 0.3) : 0.5 + (rng.NextDouble() * 1.5);
                    double ox = (rng.NextDouble() - 0.5) * w * 0.8, oy = (rng.NextDouble() - 0.5) * h * 0.8;
                    AssertMatchesScalar(src, w + rng.Next(-2, 3), h + rng.Next(-2, 3), angle, sx, sy, scale, ox, oy, (byte)rng.Next(1, 256));
                }
            }
        }
    }

    [Fact]
    public void EveryBlockHeightAndWindowMatchesScalar()
    {
        var rng = new Random(43);
        foreach ((int w, int h) in Sizes)
        {
            PitchedImage src = PitchedImage.Random(rng, w, h, 1);
            var dst = new PitchedImage(w, h, 0);
            var seen = new HashSet<(int, int)>();
            // Near-horizontal maps (wide blocks), rotations (square blocks), zooms out (two chunks): check each shape
            // the engine picks for this width.
            foreach (double angle in new[] { 0.0, 0.4, -3, 12, -25, 40 })
            {
                foreach (double scale in new[] { 0.6, 0.9, 1.0, 1.3, 2.0 })
                {
                    FusedFixed f = FusedFixed.From(FusedAffine.Compose(src.Span, dst.Span, angle, 0, 0, scale, 1.5, -2.5));
                    int th = FusedAffineAvx2.TileHeight(src.Span, dst.Span, f);
                    if (th > 0)
                    {
                        seen.Add((th, FusedAffineAvx2.Chunks(w, f, th)));
                    }

                    AssertMatchesScalar(src, w, h, angle, 0, 0, scale, 1.5, -2.5, 200);
                }
            }

            if (Avx2.IsSupported)
            {
                Assert.Contains(seen, s => s.Item2 == 2);
                Assert.Contains(seen, s => s.Item1 == 4);
            }
        }
    }

    private static void AssertMatchesScalar(PitchedImage src, int dw, int dh, double angle, double sx, double sy, double scale, double ox, double oy, byte fill) =>
        AllPaths.MatchScalar(src, dw, dh, $"fused {angle} {sx} {sy} {scale} {ox} {oy} fill {fill}",
            (s, d) => FusedAffineScalar.Apply(s, d, angle, sx, sy, scale, ox, oy, fill),
            (s, d, p) => FusedAffine.Apply(s, d, angle, sx, sy, scale, ox, oy, p, fill));
}
