using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

public class AffineMatrixTests
{
    [Fact]
    public void Round15MatchesDecimalFormattingOnSinesAndCosines()
    {
        var rng = new Random(42);
        for (int i = 0; i < 200_000; i++)
        {
            double rad = -((rng.NextDouble() * 720) - 360) * (Math.PI / 180.0);
            foreach (double v in new[] { Math.Cos(rad), Math.Sin(rad), -Math.Sin(rad), rng.NextDouble() * 2e-15, (rng.Next(-1000, 1000) + 0.5) * 1e-15 })
            {
                Assert.Equal(AffineMatrix.Round15Slow(v), AffineMatrix.Round15(v));
            }
        }
    }

    [Theory]
    [InlineData(0.9659258262890683, 0.965925826289068)]
    [InlineData(6.123233995736766e-17, 0.0)]
    [InlineData(-0.25881904510252074, -0.258819045102521)]
    [InlineData(2.5e-15, 2e-15)]
    [InlineData(3.5e-15, 4e-15)]
    public void Round15IsPythonRound(double x, double python) => Assert.Equal(python, AffineMatrix.Round15(x));

    [Fact]
    public void PillowRotateMatchesPythonForAFewAngles()
    {
        // Values printed by Pillow 9.4's Image.rotate matrix code for a 64x64 image.
        AffineMatrix m = AffineMatrix.PillowRotate(30, 64, 64);
        Assert.Equal(0.866025403784439, m.A);
        Assert.Equal(-0.5, m.B);
        Assert.Equal(0.5, m.D);
        Assert.Equal(m.A, m.E);
        Assert.Equal(AffineMatrix.Identity, AffineMatrix.PillowRotate(360, 64, 64) with { C = 0, F = 0 });
    }

    [Fact]
    public void ThenComposesInverseMaps()
    {
        var scale = AffineMatrix.ScaleTranslate(2, 2, 10, 0);
        var shear = AffineMatrix.Shear(0.5, 0);
        AffineMatrix m = shear.Then(scale);
        // Output x = 14, y = 4 -> scale: (2, 2) -> shear: (2 + 0.5 * 2, 2).
        Assert.Equal(3, (m.A * 14) + (m.B * 4) + m.C, 12);
        Assert.Equal(2, (m.D * 14) + (m.E * 4) + m.F, 12);
    }
}

public class SineShiftTests
{
    [Fact]
    public void FastShiftAgreesWithTheContractShift()
    {
        var rng = new Random(9);
        for (int i = 0; i < 200_000; i++)
        {
            int x = rng.Next(0, 300);
            double amplitude = (rng.NextDouble() - 0.5) * (i % 3 == 0 ? 2000 : 20);
            double frequency = i % 5 == 0 ? rng.Next(1, 64) / 64.0 : rng.NextDouble() * 0.6;
            double sine = Math.Sin(-2 * Math.PI * x * frequency);
            if (i % 4 == 1 && Math.Abs(sine) > 1e-3)
            {
                // The product on (or an ulp beside) a small integer, 1 included.
                amplitude = (i % 3) switch { 0 => Math.BitIncrement(rng.Next(1, 4) / sine), 1 => Math.BitDecrement(rng.Next(1, 4) / sine), _ => rng.Next(1, 4) / sine };
            }

            Assert.Equal(SineWarp.Shift(x, amplitude, frequency), SineWarp.FastShift(x, amplitude, frequency));
        }
    }

    [Fact]
    public void TheBranchlessSineAndCosineMatchTheLibraryInEveryQuadrant()
    {
        var rng = new Random(10);
        for (int i = 0; i < 100_000; i++)
        {
            // Angles as the sine warp forms them (whole quadrants included), up to the 1e4 it approximates at all.
            double theta = i % 7 == 0 ? rng.Next(-40, 40) * (Math.PI / 2) : (rng.NextDouble() - 0.5) * (i % 2 == 0 ? 20 : 2e4);
            (double sin, double cos) = SineWarp.ApproxSinCos(theta);

            Assert.Equal(SineWarp.ApproxSin(theta), sin);
            Assert.True(Math.Abs(sin - Math.Sin(theta)) < 1e-15 * (1 + Math.Abs(theta)), $"sin({theta:R}) = {sin:R}, library {Math.Sin(theta):R}");
            Assert.True(Math.Abs(cos - Math.Cos(theta)) < 1e-15 * (1 + Math.Abs(theta)), $"cos({theta:R}) = {cos:R}, library {Math.Cos(theta):R}");
        }
    }
}
