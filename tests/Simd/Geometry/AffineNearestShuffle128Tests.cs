using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The portable 128-bit nearest engine: <see cref="AffineNearestAvx2Tests"/>' cases run it too (on the 128-bit path
/// of every leg) against the scalar reference; here, its selection, and the rotations of augmentation on the widths
/// where its 16-lane blocks take the one-window and the chunked lookups.
/// </summary>
[Trait("Category", "Isa")]
public class AffineNearestShuffle128Tests
{
    [Fact]
    public void LoaderRotationsTakeTheEngine()
    {
        foreach (int size in new[] { 28, 64 })
        {
            var src = new ReadOnlySpan2D<byte>(new byte[size * size], size, size);
            var dst = new Span2D<byte>(new byte[size * size], size, size);
            foreach (double angle in new[] { -15.0, -7, 0.5, 3, 15 })
            {
                FixedAffine f = FixedAffine.From(AffineMatrix.PillowRotate(angle, size, size));
                Assert.Equal(Vector128.IsHardwareAccelerated, AffineNearestShuffle128.TileHeight(src, dst, f) > 0);
            }
        }
    }

    [Fact]
    public void SourcesNarrowerThanAChunkAndWideRowsBeyondOneWindowLeaveTheEngine()
    {
        FixedAffine f = FixedAffine.From(AffineMatrix.PillowRotate(5, 32, 32));
        var dst = new Span2D<byte>(new byte[32 * 32], 32, 32);
        Assert.Equal(0, AffineNearestShuffle128.TileHeight(new ReadOnlySpan2D<byte>(new byte[15 * 32], 32, 15), dst, f));
        // Rows wider than four chunks take the engine while a block of several rows spans at most two chunks' columns.
        // Twelve columns per output pixel spread every such shape further, though a row of four chunks still takes it.
        FixedAffine squeeze = FixedAffine.From(new AffineMatrix(12, 0.1, 0, -0.01, 1, 0));
        Assert.Equal(Vector128.IsHardwareAccelerated, AffineNearestShuffle128.TileHeight(new ReadOnlySpan2D<byte>(new byte[64 * 32], 32, 64), dst, squeeze) > 0);
        foreach (int width in new[] { 65, 300 })
        {
            var wide = new ReadOnlySpan2D<byte>(new byte[width * 32], 32, width);
            Assert.Equal(Vector128.IsHardwareAccelerated, AffineNearestShuffle128.TileHeight(wide, dst, f) > 0);
            Assert.Equal(0, AffineNearestShuffle128.TileHeight(wide, dst, squeeze));
        }
    }

    [Fact]
    public void RotationsOnEveryWidthMatchScalar()
    {
        var rng = new Random(61);
        foreach (int w in new[] { 16, 20, 28, 32, 40, 48, 57, 64, 65, 130, 257 })
        {
            PitchedImage src = PitchedImage.Random(rng, w, 30, 1);
            foreach (double angle in new[] { -15.0, -4, 2, 9, 15, 40 })
            {
                // Scaled by 1.05 so that some 16x1 blocks span exactly 16 columns (one more than a window holds), by
                // 1.3 so that blocks take the chunked lookup.
                foreach (double zoom in new[] { 1.0, 1.05, 1.3 })
                {
                    double rad = angle * Math.PI / 180;
                    var m = new AffineMatrix(Math.Cos(rad) * zoom, Math.Sin(rad) * zoom, 1.5, -Math.Sin(rad) * zoom, Math.Cos(rad) * zoom, -2);
                    AllPaths.MatchScalar(src, w, 30, $"{m}",
                        (s, d) => AffineScalar.Apply(s, d, m, Interpolation.Nearest, 33),
                        (s, d, p) => Affine.Apply(s, d, m, Interpolation.Nearest, p, 33));
                }
            }
        }
    }
}
