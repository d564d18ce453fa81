using System.Runtime.Intrinsics;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The portable 128-bit fused engine: the same windows as the AVX2 one (<see cref="FusedAffineAvx2Tests"/>, whose
/// cases run it too, on the 128-bit path of every leg) with 16-lane blocks, so its own shapes (16x1, 8x2, 4x4) and
/// chunk counts, and its selection, are checked here; the comparisons with the scalar twin cover every path.
/// </summary>
[Trait("Category", "Isa")]
public class FusedAffineShuffle128Tests
{
    private static readonly (int Width, int Height)[] Sizes = [(16, 16), (23, 9), (28, 28), (33, 20), (48, 48), (64, 64), (65, 19), (128, 9), (200, 24), (257, 17)];

    [Theory]
    [InlineData(28)]
    [InlineData(64)]
    public void LoaderWarpsTakeTheEngine(int size)
    {
        var src = new PitchedImage(size, size, 0);
        var dst = new PitchedImage(size, size, 0);
        var rng = new Random(size + 1);
        for (int i = 0; i < 100; i++)
        {
            // FusedAffineOp's defaults, as in the AVX2 engine's test.
            double angle = (rng.NextDouble() - 0.5) * 30, sx = (rng.NextDouble() - 0.5) * 0.4, scale = (25 + (rng.NextDouble() * 38)) / 64;
            FusedFixed f = FusedFixed.From(FusedAffine.Compose(src.Span, dst.Span, angle, sx, 0, scale, 0, 0));
            int th = FusedAffineShuffle128.TileHeight(src.Span, dst.Span, f);
            Assert.True(Vector128.IsHardwareAccelerated == th > 0, $"angle {angle}, shear {sx}, scale {scale}: block height {th}.");
        }
    }

    [Fact]
    public void SourcesNarrowerThanAChunkAndTapsBeyondTwoChunksLeaveTheEngine()
    {
        var dst = new PitchedImage(32, 32, 0);
        var narrow = new PitchedImage(15, 32, 0);
        Assert.Equal(0, FusedAffineShuffle128.TileHeight(narrow.Span, dst.Span, FusedFixed.From(FusedAffine.Compose(narrow.Span, dst.Span, 5, 0, 0, 1, 0, 0))));
        // A row of any width takes the engine while a block's taps fit two chunks; a zoom out by 5 spreads them over more.
        var wide = new PitchedImage(300, 32, 0);
        Assert.Equal(Vector128.IsHardwareAccelerated, FusedAffineShuffle128.TileHeight(wide.Span, dst.Span, FusedFixed.From(FusedAffine.Compose(wide.Span, dst.Span, 5, 0, 0, 1, 0, 0))) > 0);
        Assert.Equal(0, FusedAffineShuffle128.TileHeight(wide.Span, dst.Span, FusedFixed.From(FusedAffine.Compose(wide.Span, dst.Span, 5, 0, 0, 0.2, 0, 0))));
    }

    [Fact]
    public void EveryBlockHeightAndWindowMatchesScalar()
    {
        var rng = new Random(59);
        foreach ((int w, int h) in Sizes)
        {
            PitchedImage src = PitchedImage.Random(rng, w, h, 2);
            var dst = new PitchedImage(w, h, 0);
            var seen = new HashSet<(int, int)>();
            foreach (double angle in new[] { 0.0, 0.4, -3, 12, -25, 40 })
            {
                foreach (double scale in new[] { 0.35, 0.6, 0.9, 1.0, 1.3, 2.0 })
                {
                    FusedFixed f = FusedFixed.From(FusedAffine.Compose(src.Span, dst.Span, angle, 0.05, 0, scale, -1.5, 2.5));
                    int th = FusedAffineShuffle128.TileHeight(src.Span, dst.Span, f);
                    if (th > 0)
                    {
                        seen.Add((th, FusedAffineShuffle128.Chunks(w, f, th)));
                    }

                    AllPaths.MatchScalar(src, w, h, $"fused {angle} {scale}",
                        (s, d) => FusedAffineScalar.Apply(s, d, angle, 0.05, 0, scale, -1.5, 2.5, 99),
                        (s, d, p) => FusedAffine.Apply(s, d, angle, 0.05, 0, scale, -1.5, 2.5, p, 99));
                }
            }

            if (Vector128.IsHardwareAccelerated)
            {
                Assert.Contains(seen, s => s.Item1 == 1);
                Assert.Contains(seen, s => s.Item1 == 4);
                Assert.Contains(seen, s => s.Item2 == 1);
                Assert.Contains(seen, s => s.Item2 == 2);
            }
        }
    }
}
