using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The portable 128-bit bilinear engine: <see cref="AffineBilinearAvx2Tests"/>' cases run it too (on the 128-bit path
/// of every leg) against the scalar reference; here, its selection and its own 16-lane shapes and chunk counts.
/// </summary>
[Trait("Category", "Isa")]
public class AffineBilinearShuffle128Tests
{
    private static readonly (int Width, int Height)[] Sizes = [(16, 16), (23, 9), (28, 28), (33, 20), (48, 48), (64, 64), (65, 19), (127, 12), (128, 12), (200, 24), (257, 17)];

    [Theory]
    [InlineData(28)]
    [InlineData(64)]
    public void AugmentationRotationsAndShearsTakeTheEngine(int size)
    {
        var src = new ReadOnlySpan2D<byte>(new byte[size * size], size, size);
        var dst = new Span2D<byte>(new byte[size * size], size, size);
        foreach (double angle in new[] { -15.0, -7, 0.5, 3, 15 })
        {
            Assert.Equal(Vector128.IsHardwareAccelerated, AffineBilinearShuffle128.TileHeight(src, dst, AffineMatrix.PillowRotate(angle, size, size)) > 0);
            Assert.Equal(Vector128.IsHardwareAccelerated, AffineBilinearShuffle128.TileHeight(src, dst, AffineMatrix.Shear(angle / 50, -angle / 70)) > 0);
        }
    }

    [Fact]
    public void SourcesOutsideTheEngineWidthsAndPointsPastInt32LeaveIt()
    {
        AffineMatrix m = AffineMatrix.PillowRotate(5, 32, 32);
        var dst = new Span2D<byte>(new byte[32 * 32], 32, 32);
        Assert.Equal(0, AffineBilinearShuffle128.TileHeight(new ReadOnlySpan2D<byte>(new byte[15 * 32], 32, 15), dst, m));
        var wide = new ReadOnlySpan2D<byte>(new byte[300 * 32], 32, 300);
        Assert.Equal(Vector128.IsHardwareAccelerated, AffineBilinearShuffle128.TileHeight(wide, dst, m) > 0);
        Assert.Equal(0, AffineBilinearShuffle128.TileHeight(wide, dst, new AffineMatrix(5, 0, 0, 0, 5, 0)));
        var src = new ReadOnlySpan2D<byte>(new byte[32 * 32], 32, 32);
        Assert.Equal(0, AffineBilinearShuffle128.TileHeight(src, dst, new AffineMatrix(1, 0, 40000, 0, 1, 0)));
    }

    [Fact]
    public void EveryBlockHeightAndWindowMatchesScalar()
    {
        var rng = new Random(67);
        foreach ((int w, int h) in Sizes)
        {
            PitchedImage src = PitchedImage.Random(rng, w, h, 1);
            var dst = new PitchedImage(w, h, 0);
            var seen = new HashSet<(int, int)>();
            foreach (double angle in new[] { 0.0, 0.4, -3, 12, -25, 40 })
            {
                foreach (double step in new[] { 0.5, 0.9, 1.0, 1.6, 2.2 })
                {
                    double rad = angle * Math.PI / 180;
                    var m = new AffineMatrix(Math.Cos(rad) * step, Math.Sin(rad) * step, 1.5, -Math.Sin(rad) * step, Math.Cos(rad) * step, -2.5);
                    int th = AffineBilinearShuffle128.TileHeight(src.Span, dst.Span, m);
                    if (th > 0)
                    {
                        seen.Add((th, AffineBilinearShuffle128.Chunks(w, m, th)));
                    }

                    AllPaths.MatchScalar(src, w, h, $"{m}",
                        (s, d) => AffineScalar.Apply(s, d, m, Interpolation.Bilinear, 200),
                        (s, d, p) => Affine.Apply(s, d, m, Interpolation.Bilinear, p, 200));
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
