using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

/// <summary>
/// The 16-bit blur kernel is only as exact as <see cref="BoxBlurWordsProof.TryMultiplier(BoxBlurWeights, out short)"/>'s proof: for every
/// radius it accepts, the vpmulhrsw form c + round((l + r - 2c) * b / 2^15) must equal Pillow's 24-bit pass for
/// every centre and neighbour sum, checked here the slow way.
/// </summary>
public sealed class BoxBlurWordsProofTests
{
    [Fact]
    public void AcceptedMultipliersAreExactForEveryInput()
    {
        var random = new Random(31);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 300; i++)
        {
            float radius = i < 4 ? new[] { 0.5f, 0.6f, 0.8f, 1.2f }[i] : (float)(0.3 + random.NextDouble() * 1.1);
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
            if (!BoxBlurWordsProof.TryMultiplier(weights, wide: true, out short b))
            {
                rejected++;
                continue;
            }

            accepted++;
            for (int c = 0; c <= 255; c++)
            {
                for (int s = 0; s <= 510; s++)
                {
                    uint pillow = ((uint)c * weights.Whole + (uint)s * weights.Fraction + BoxBlurWeights.Half) >> BoxBlurWeights.Shift;
                    int d = s - 2 * c;
                    int words = c + ((d * b + (1 << 14)) >> 15);
                    Assert.True(pillow == words, $"radius {radius}: c {c}, s {s}: Pillow {pillow}, 16-bit {words} (b {b})");
                }
            }
        }

        // Both outcomes must occur, or the test proves nothing about the proof.
        Assert.True(accepted > 50 && rejected > 0, $"accepted {accepted}, rejected {rejected}");
    }

    /// <summary>
    /// Both proofs pair d with -d and stop early; their verdict must be the plain statement's, 0 &lt;= 512*rho(d) +
    /// d*f - low &lt; 2^24 - low for each of the 1,021 values of d, for the first of the two candidate multipliers that
    /// satisfies it, on every radius 0.300-1.500 in steps of 0.001 (accepted and rejected alike), plus the one case the
    /// pairing settles without walking (f = 0, e = 0) wherever it occurs. Both candidates must be needed.
    /// </summary>
    [Fact]
    public void PairedProofsMatchTheStatementOnEveryRadius()
    {
        int accepted = 0, bySecond = 0;
        for (int k = 300; k <= 1500; k++)
        {
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(k / 1000f);
            int first = Enumerable.Range(0, BoxBlurWordsProof.Candidates).FirstOrDefault(c => Statement(weights, c), -1);
            bool statement = first >= 0;
            int b = 0;
            if (statement)
            {
                BoxBlurWordsProof.ProofInputs(weights, first, out b, out _, out _);
            }

            bool wide = BoxBlurWordsProof.TryMultiplier(weights, wide: true, out short b512);
            bool narrow = BoxBlurWordsProof.TryMultiplier(weights, wide: false, out short b256);
            Assert.True(statement == wide && statement == narrow, $"radius {k / 1000f} ({weights}): statement {statement}, 512-bit {wide}, 256-bit {narrow}");
            Assert.True(!statement || (b512 == b && b256 == b), $"radius {k / 1000f}: b {b}, 512-bit {b512}, 256-bit {b256}");
            accepted += statement ? 1 : 0;
            bySecond += first == 1 ? 1 : 0;
        }

        Assert.InRange(accepted, 200, 1000);
        Assert.InRange(bySecond, 10, 200);

        static bool Statement(BoxBlurWeights weights, int candidate) =>
            BoxBlurWordsProof.ProofInputs(weights, candidate, out int b, out int f, out int low) && Enumerable.Range(-510, 1021).All(d =>
            {
                long rho = (((long)d * b) + (1 << 14)) & 0x7FFF;
                long y = (512 * rho) + ((long)d * f) - low;
                return y >= 0 && y < (1L << BoxBlurWeights.Shift) - low;
            });
    }

    /// <summary>
    /// Radii 0.5 and 0.6 fail with F/512 rounded to nearest and pass with its other neighbour (see
    /// <see cref="BoxBlurWordsProof.ProofInputs"/>); the candidates are the two integers either side of F/512.
    /// </summary>
    [Theory]
    [InlineData(0.5f, 1366)]
    [InlineData(0.6f, 1967)]
    public void TheSecondCandidateTakesTheRoundRadii(float radius, short expected)
    {
        BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
        Assert.True(BoxBlurWordsProof.ProofInputs(weights, 0, out int nearest, out _, out _));
        Assert.True(BoxBlurWordsProof.ProofInputs(weights, 1, out int other, out _, out _));
        Assert.Equal(1, Math.Abs(nearest - other));
        Assert.True(Math.Min(nearest, other) * 512L <= weights.Fraction && weights.Fraction <= Math.Max(nearest, other) * 512L);
        Assert.Equal(expected, other);
        Assert.True(BoxBlurWordsProof.TryMultiplier(weights, wide: true, out short b512));
        Assert.True(BoxBlurWordsProof.TryMultiplier(weights, wide: false, out short b256));
        Assert.Equal(expected, b512);
        Assert.Equal(expected, b256);
    }

    /// <summary>The walkers leave rho(d) = 0 to <see cref="BoxBlurWordsProof.ReachesZero"/>: every 15-bit b, every d.</summary>
    [Fact]
    public void RhoReachesZeroExactlyWhenSixtyFourDividesTheMultiplier()
    {
        for (int b = 1; b <= short.MaxValue; b++)
        {
            bool reaches = false;
            for (int d = 1; d <= 510 && !reaches; d++)
            {
                reaches = ((d * b) + (1 << 14)) % (1 << 15) == 0;
            }

            Assert.True(reaches == BoxBlurWordsProof.ReachesZero(b), $"b {b}: rho reaches zero {reaches}");
        }
    }

    [Fact]
    public void WiderBoxesAreNeverAccepted()
    {
        Assert.False(BoxBlurWordsProof.TryMultiplier(BoxBlurWeights.FromGaussianRadius(2f), wide: true, out _));
        Assert.False(BoxBlurWordsProof.TryMultiplier(BoxBlurWeights.FromGaussianRadius(2f), wide: false, out _));
    }

    /// <summary>
    /// The proof's 8-lane loop (AVX2 machines) walks the same d in narrower steps; it must give the 16-lane loop's
    /// answer and multiplier for every radius of the augmentation range and around it (checked exhaustively above).
    /// </summary>
    [Fact]
    public void Vector256ProofAgreesWithVector512Proof()
    {
        int accepted = 0;
        for (int i = 0; i <= 12_000; i++)
        {
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(0.3f + (i * 0.0001f));
            bool wide = BoxBlurWordsProof.TryMultiplier(weights, wide: true, out short b512);
            bool narrow = BoxBlurWordsProof.TryMultiplier(weights, wide: false, out short b256);
            Assert.True(wide == narrow && b512 == b256, $"{weights}: 512-bit {wide} {b512}, 256-bit {narrow} {b256}");
            accepted += wide ? 1 : 0;
        }

        Assert.InRange(accepted, 1_000, 11_000);
    }
}
