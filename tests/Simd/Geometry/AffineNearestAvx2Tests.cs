using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The AVX2 nearest engine looks each block's columns up with 16-byte shuffles: in one window of the row when the
/// block spans fewer than 16 columns (the small rotations and shears of augmentation), else in chunks that tile the row,
/// the last one ending at the row's end. These cases aim at where that could go wrong: source widths from one chunk
/// up, including widths between whole chunks (overlapping last chunk) and rows wider than four chunks (one window
/// only, the columns relative to it); windows clamped at both ends of the
/// row; blocks hanging over every edge with a fill that is not zero; and horizontal scales whose 32-wide blocks span
/// more than 16 columns (the chunked loop). Each is compared bit for bit with the scalar reference on every path.
/// </summary>
[Trait("Category", "Isa")]
public class AffineNearestAvx2Tests
{
    private static readonly (int Width, int Height)[] Sizes =
        [(16, 16), (17, 9), (24, 30), (28, 28), (31, 12), (33, 20), (40, 7), (48, 48), (49, 21), (63, 40), (64, 64),
         (65, 19), (128, 20), (200, 24), (257, 17)];

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
                Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, AffineNearestAvx2.TileHeight(src, dst, f) > 0);
            }
        }
    }

    [Fact]
    public void SourcesNarrowerThanAChunkAndWideRowsBeyondOneWindowLeaveTheEngine()
    {
        FixedAffine f = FixedAffine.From(AffineMatrix.PillowRotate(5, 32, 32));
        var dst = new Span2D<byte>(new byte[32 * 32], 32, 32);
        Assert.Equal(0, AffineNearestAvx2.TileHeight(new ReadOnlySpan2D<byte>(new byte[15 * 32], 32, 15), dst, f));
        // Rows wider than four chunks take the engine while a block of several rows spans at most two chunks' columns.
        // Twelve columns per output pixel spread every such shape further, though a row of four chunks still takes it.
        FixedAffine squeeze = FixedAffine.From(new AffineMatrix(12, 0.1, 0, -0.01, 1, 0));
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, AffineNearestAvx2.TileHeight(new ReadOnlySpan2D<byte>(new byte[64 * 32], 32, 64), dst, squeeze) > 0);
        foreach (int width in new[] { 65, 300 })
        {
            var wide = new ReadOnlySpan2D<byte>(new byte[width * 32], 32, width);
            Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, AffineNearestAvx2.TileHeight(wide, dst, f) > 0);
            Assert.Equal(0, AffineNearestAvx2.TileHeight(wide, dst, squeeze));
        }
    }

    [Fact]
    public void SmallRotationsAndShearsAcrossEveryEdgeMatchScalar()
    {
        var rng = new Random(23);
        foreach ((int w, int h) in Sizes)
        {
            foreach (int pitch in new[] { 0, 3 })
            {
                PitchedImage src = PitchedImage.Random(rng, w, h, pitch);
                for (int i = 0; i < 24; i++)
                {
                    double angle = (rng.NextDouble() - 0.5) * 30 * Math.PI / 180;
                    double shear = i % 3 == 0 ? (rng.NextDouble() - 0.5) * 0.5 : 0;
                    var m = new AffineMatrix(
                        Math.Cos(angle), Math.Sin(angle) + shear, (rng.NextDouble() - 0.5) * w * 0.66,
                        -Math.Sin(angle), Math.Cos(angle), (rng.NextDouble() - 0.5) * h * 0.66);
                    AssertMatchesScalar(src, w + rng.Next(-2, 3), h + rng.Next(-2, 3), m, (byte)rng.Next(1, 256));
                }
            }
        }
    }

    [Fact]
    public void WideBlocksOverManyColumnsMatchScalar()
    {
        var rng = new Random(29);
        foreach ((int w, int h) in Sizes)
        {
            PitchedImage src = PitchedImage.Random(rng, w, h, 1);
            // Column steps of 0.6 to 2.5 with a slight vertical step (a pure scale takes Pillow's scale-only engine):
            // the 32-wide blocks cross one or two rows and 19 to 78 columns.
            foreach (double step in new[] { 0.6, 1.3, 2.5 })
            {
                var m = new AffineMatrix(step, 0, (rng.NextDouble() - 0.5) * w, 0.002, 1, (rng.NextDouble() - 0.5) * 6);
                AssertMatchesScalar(src, w + rng.Next(0, 3), h, m, (byte)rng.Next(1, 256));
            }
        }
    }

    [Fact]
    public void WideRowsAtTheWindowBoundMatchScalar()
    {
        // One column per output pixel and a slight vertical step: 16x2 blocks cross the fewest rows, and their columns
        // spread over exactly 15, the most one 16-byte window holds whatever the fraction of the first lane.
        var rng = new Random(37);
        foreach (int w in new[] { 65, 200, 257 })
        {
            PitchedImage src = PitchedImage.Random(rng, w, 24, 2);
            var dst = new PitchedImage(w, 24, 0);
            for (int i = 0; i < 8; i++)
            {
                var m = new AffineMatrix(1, 0, (rng.NextDouble() - 0.5) * 20, 0.01, 1, (rng.NextDouble() - 0.5) * 4);
                if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
                {
                    Assert.Equal(2, AffineNearestAvx2.TileHeight(src.Span, dst.Span, FixedAffine.From(m)));
                }

                AssertMatchesScalar(src, w, 24, m, (byte)rng.Next(1, 256));
            }
        }
    }

    [Fact]
    public void ZoomsOutOnWideRowsTakeTwoChunkWindowsAndMatchScalar()
    {
        // Columns spread over 16 to 31 in the chosen blocks: the wide rows' two-chunk window (8x4 blocks on AVX2 from
        // about 2.2 columns per pixel, 4x4 on the 128-bit path from about 5.3). A slight vertical step keeps Pillow's
        // fixed mode (a pure scale takes its scale-only engine).
        var rng = new Random(71);
        foreach (int w in new[] { 65, 200, 301 })
        {
            PitchedImage src = PitchedImage.Random(rng, w, 30, 1);
            var dst = new PitchedImage(40, 24, 0);
            foreach (double zoom in new[] { 2.5, 3.9, 6.0, 9.5 })
            {
                var m = new AffineMatrix(zoom, 0.05, (rng.NextDouble() - 0.5) * 10, -0.01, 1, (rng.NextDouble() - 0.5) * 6);
                FixedAffine f = FixedAffine.From(m);
                if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && zoom < 4)
                {
                    int th = AffineNearestAvx2.TileHeight(src.Span, dst.Span, f);
                    Assert.True(th > 0, $"zoom {zoom} on {w}");
                    Assert.Equal(2, AffineNearestAvx2.WindowChunks(f, th));
                }

                if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated && zoom > 5)
                {
                    int th = AffineNearestShuffle128.TileHeight(src.Span, dst.Span, f);
                    Assert.True(th > 0, $"zoom {zoom} on {w}");
                    Assert.Equal(2, AffineNearestShuffle128.WindowChunks(f, th));
                }

                AssertMatchesScalar(src, 40, 24, m, (byte)rng.Next(1, 256));
            }
        }
    }

    [Fact]
    public void ColumnStepsPastTheInt32CornerRangeMatchScalar()
    {
        // 1,500 source columns per output pixel: a 32-wide block's corner offset (31 steps) passes 2^31 in 16.16,
        // while Pillow's fixed mode still applies (the output's corners stay within 32,768 pixels). The block's
        // column span decides between the one-window and the chunked lookup, so it must not wrap; one pixel of each
        // row lands inside the source.
        var rng = new Random(31);
        PitchedImage src = PitchedImage.Random(rng, 64, 64, 0);
        foreach (double c in new[] { -20220.0, -20249.5, -19500 })
        {
            AssertMatchesScalar(src, 32, 8, new AffineMatrix(1500, 0, c, 0.001, 1, 0.5), 7);
        }
    }

    private static void AssertMatchesScalar(PitchedImage src, int dw, int dh, AffineMatrix m, byte fill) =>
        AllPaths.MatchScalar(src, dw, dh, $"{m} fill {fill}",
            (s, d) => AffineScalar.Apply(s, d, m, Interpolation.Nearest, fill),
            (s, d, p) => Affine.Apply(s, d, m, Interpolation.Nearest, p, fill));
}
