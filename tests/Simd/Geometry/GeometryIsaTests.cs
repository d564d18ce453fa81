using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// Every SIMD path against the scalar reference, bit for bit, on random images of many sizes and pitches with random
/// and edge-case parameters. Runs in each ISA leg of tests/run, so each leg checks the paths its switches leave on.
/// </summary>
[Trait("Category", "Isa")]
public class GeometryIsaTests
{
    private static readonly (int Width, int Height)[] Sizes =
    [
        (1, 1), (2, 1), (1, 2), (2, 2), (3, 5), (7, 7), (16, 9), (15, 33), (28, 28), (31, 17), (33, 65), (64, 64),
        (65, 63), (100, 3), (129, 40), (257, 131),
    ];

    public static TheoryData<int, int> SizeData
    {
        get
        {
            var data = new TheoryData<int, int>();
            foreach ((int w, int h) in Sizes)
            {
                data.Add(w, h);
            }

            return data;
        }
    }

    [Fact]
    public void RunsTheIsaTheLegExpects()
    {
        string? expected = Environment.GetEnvironmentVariable("HPC_EXPECT_ISA");
        if (!string.IsNullOrEmpty(expected))
        {
            Assert.Equal(Enum.Parse<SimdPath>(expected), SimdDispatch.Best);
        }

        Assert.Contains(SimdPath.Scalar, SimdDispatch.Supported);
    }

    [Theory]
    [MemberData(nameof(SizeData))]
    public void AffineMatchesScalar(int width, int height)
    {
        var rng = new Random((width * 1000) + height);
        PitchedImage src = PitchedImage.Random(rng, width, height, rng.Next(0, 9));
        var matrices = new List<AffineMatrix>
        {
            AffineMatrix.Identity,
            new(0.5, 0, 1.25, 0, 2, -3),
            new(1, 0.1, 40000, 0.2, 1, -3),
            new(1e-9, 3e-9, 0.5, -2e-9, 1e-9, 0.5),
            AffineMatrix.PillowRotate(90, width, height),
            AffineMatrix.PillowRotate(33.3, width, height).Then(AffineMatrix.Shear(0.2, -0.1)),
        };
        for (int i = 0; i < 8; i++)
        {
            matrices.Add(new AffineMatrix(
                Between(rng, -2, 2), Between(rng, -1, 1), Between(rng, -width, width),
                Between(rng, -1, 1), Between(rng, -2, 2), Between(rng, -height, height)));
        }

        foreach (AffineMatrix m in matrices)
        {
            foreach (Interpolation interp in new[] { Interpolation.Nearest, Interpolation.Bilinear })
            {
                byte fill = (byte)rng.Next(256);
                int dw = Math.Max(1, width + rng.Next(-3, 4));
                int dh = Math.Max(1, height + rng.Next(-3, 4));
                AllPaths.MatchScalar(src, dw, dh, $"{m} {interp}",
                    (s, d) => AffineScalar.Apply(s, d, m, interp, fill),
                    (s, d, p) => Affine.Apply(s, d, m, interp, p, fill));
            }
        }
    }

    /// <summary>
    /// Maps that move along rows only (x step one pixel, no y change along a row: horizontal shears, with offsets) run
    /// as whole-row shifts; shifts from far left to far right of the source, rows above and below it, and destinations
    /// narrower and wider than the source.
    /// </summary>
    [Theory]
    [MemberData(nameof(SizeData))]
    public void RowShiftsMatchScalar(int width, int height)
    {
        var rng = new Random((width * 104729) + height);
        PitchedImage src = PitchedImage.Random(rng, width, height, rng.Next(0, 9));
        var matrices = new List<AffineMatrix>
        {
            new(1, 0.2, 0, 0, 1, 0),
            new(1, -0.35, 0, 0, 1, 0),
            new(1, 0.01, -(width + 70.3), 0, 1, 0),
            new(1, -0.01, width + 70.3, 0, 1, 0),
            new(1, 1.5, -width, 0, 1, -2.5),
            new(1, 0.4, 2.5, 0, 1.7, height / 2.0),
            new(1, -3, 0.49, 0, -1, height),
        };
        for (int i = 0; i < 6; i++)
        {
            matrices.Add(new AffineMatrix(1, Between(rng, -2, 2), Between(rng, -2 * width, 2 * width), 0, Between(rng, -2, 2), Between(rng, -height, height)));
        }

        foreach (AffineMatrix m in matrices)
        {
            byte fill = (byte)rng.Next(256);
            int dw = Math.Max(1, width + rng.Next(-3, 70));
            int dh = Math.Max(1, height + rng.Next(-3, 4));
            AllPaths.MatchScalar(src, dw, dh, $"{m} nearest",
                (s, d) => AffineScalar.Apply(s, d, m, Interpolation.Nearest, fill),
                (s, d, p) => Affine.Apply(s, d, m, Interpolation.Nearest, p, fill));
        }
    }

    [Theory]
    [MemberData(nameof(SizeData))]
    public void RotateAndShearMatchScalar(int width, int height)
    {
        var rng = new Random((width * 7919) + height);
        PitchedImage src = PitchedImage.Random(rng, width, height, rng.Next(0, 9));
        double[] angles = [0, 90, -90, 180, -180, 270, 360, 1e-9, 45, Between(rng, -180, 180), Between(rng, -20, 20)];
        foreach (double angle in angles)
        {
            foreach (Interpolation interp in new[] { Interpolation.Nearest, Interpolation.Bilinear })
            {
                AllPaths.MatchScalar(src, width, height, $"rotate {angle} {interp}",
                    (s, d) => RotateScalar.Apply(s, d, angle, interp),
                    (s, d, p) => Rotate.Apply(s, d, angle, interp, p));
            }
        }

        (double, double)[] shears = [(0, 0), (0.3, 0), (0, -0.4), (Between(rng, -1, 1), Between(rng, -1, 1))];
        foreach ((double sx, double sy) in shears)
        {
            foreach (Interpolation interp in new[] { Interpolation.Nearest, Interpolation.Bilinear })
            {
                AllPaths.MatchScalar(src, width, height, $"shear {sx} {sy} {interp}",
                    (s, d) => ShearScalar.Apply(s, d, sx, sy, interp),
                    (s, d, p) => Shear.Apply(s, d, sx, sy, interp, p));
            }
        }
    }

    [Theory]
    [MemberData(nameof(SizeData))]
    public void ScaleTranslateMatchesScalar(int width, int height)
    {
        var rng = new Random((width * 31) + height);
        PitchedImage src = PitchedImage.Random(rng, width, height, rng.Next(0, 9));
        var cases = new List<(int W, int H, int X, int Y)>
        {
            (1, 1, 0, 0), (width, height, 0, 0), (width, height, 3, -2), (width * 2, height, -1, 0), (width, height * 3, 0, -height),
            (Math.Max(1, width / 3), Math.Max(1, height / 4), width / 2, height / 3), (width + 70, height + 5, -35, -2),
            (10, 10, width + 1, 0), (10, 10, -10, 0), (3 * width, 2, 0, height - 1),
        };
        for (int i = 0; i < 4; i++)
        {
            cases.Add((rng.Next(1, (2 * width) + 2), rng.Next(1, (2 * height) + 2), rng.Next(-width, width), rng.Next(-height, height)));
        }

        foreach ((int w, int h, int x, int y) in cases)
        {
            AllPaths.MatchScalar(src, width, height, $"resize {w}x{h} at {x},{y}",
                (s, d) => ScaleTranslateScalar.Apply(s, d, w, h, x, y),
                (s, d, p) => ScaleTranslate.Apply(s, d, w, h, x, y, p));
        }
    }

    [Theory]
    [MemberData(nameof(SizeData))]
    public void SineWarpAndFusedMatchScalar(int width, int height)
    {
        var rng = new Random((width * 131) + height);
        PitchedImage src = PitchedImage.Random(rng, width, height, rng.Next(0, 9));
        (double, double)[] sines = [(0, 0), (3, 1.0 / 64), (-5.5, 0.03), (40, 0.02), (1000, 0.37), (Between(rng, -8, 8), Between(rng, 0, 0.2))];
        foreach ((double amp, double freq) in sines)
        {
            AllPaths.MatchScalar(src, width, height, $"sine {amp} {freq}",
                (s, d) => SineWarpScalar.Apply(s, d, amp, freq),
                (s, d, p) => SineWarp.Apply(s, d, amp, freq, p));
        }

        for (int i = 0; i < 4; i++)
        {
            double angle = Between(rng, -30, 30), sx = Between(rng, -0.3, 0.3), sy = Between(rng, -0.3, 0.3);
            double scale = Between(rng, 0.5, 1.5), ox = Between(rng, -5, 5), oy = Between(rng, -5, 5);
            byte fill = (byte)rng.Next(256);
            AllPaths.MatchScalar(src, width, height, $"fused {angle} {sx} {sy} {scale} {ox} {oy}",
                (s, d) => FusedAffineScalar.Apply(s, d, angle, sx, sy, scale, ox, oy, fill),
                (s, d, p) => FusedAffine.Apply(s, d, angle, sx, sy, scale, ox, oy, p, fill));
        }
    }

    /// <summary>
    /// The vector roll works in byte offsets: every image up to 510 rows, and taller ones whose shifts all fit a byte
    /// (the others copy row by row); the vector sine defers to the C library near integer products (quarter periods
    /// land exactly on 0 and +-1). Both edges against the reference, with shifts on both sides of 255 on tall images.
    /// </summary>
    [Theory]
    [InlineData(64, 510)]
    [InlineData(64, 511)]
    [InlineData(130, 600)]
    [InlineData(64, 64)]
    [InlineData(28, 1100)]
    [InlineData(40, 777)]
    [InlineData(200, 1500)]
    public void SineWarpMatchesScalarAtRollAndRoundingEdges(int width, int height)
    {
        var rng = new Random((width * 7) + height);
        PitchedImage src = PitchedImage.Random(rng, width, height, rng.Next(0, 9));
        var sines = new List<(double, double)> { (2, 0.25), (-3, 0.125), (height / 2.0, 1.0 / width), (height * 0.9, 0.013), (4.0, 2.0 / width),
            (255.5, 0.25), (-255.5, 0.25), (256.5, 0.25), (-256.5, 0.25), (255.5, 0.75) };
        for (int i = 0; i < 12; i++)
        {
            // The vector start rows' tolerance scales with the amplitude: sweep it across magnitudes and signs.
            double magnitude = Math.Pow(10, Between(rng, -3, 6));
            sines.Add((rng.Next(2) == 0 ? magnitude : -magnitude, Between(rng, -0.5, 0.5)));
        }

        foreach ((double amp, double freq) in sines)
        {
            AllPaths.MatchScalar(src, width, height, $"sine {amp} {freq}",
                (s, d) => SineWarpScalar.Apply(s, d, amp, freq),
                (s, d, p) => SineWarp.Apply(s, d, amp, freq, p));
        }
    }

    /// <summary>A tall image rolls in byte lanes exactly when every column's nearest offset is at most 255 either way.</summary>
    [Fact]
    public void TallImagesRollInBytesOnlyWhenEveryOffsetFits()
    {
        const int h = 1000;
        Assert.True(SineRoll.OffsetsFitBytes([0, 255, h - 255, 3], h, 64));
        Assert.False(SineRoll.OffsetsFitBytes([0, 256, 3], h, 64));
        Assert.False(SineRoll.OffsetsFitBytes([h - 256, 3], h, 64));
        Assert.True(SineRoll.OffsetsFitBytes([SineRoll.MaxHeight / 2], SineRoll.MaxHeight, 64));
        // Two scratch planes of that many rows would not fit an array.
        Assert.False(SineRoll.OffsetsFitBytes([0], int.MaxValue / 64, 64));
    }

    private static double Between(Random rng, double lo, double hi) => lo + (rng.NextDouble() * (hi - lo));
}
