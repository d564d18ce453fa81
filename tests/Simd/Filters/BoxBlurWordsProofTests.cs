using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

/// <summary>
/// The 16-bit blur kernels are only as exact as <see cref="BoxBlurWordsProof.TryPass(BoxBlurWeights, out WordPass)"/>'s
/// proof: for every radius it accepts, the pass it returns, c + g(l + r - 2c) in either form (<see cref="WordPass"/>),
/// must equal Pillow's 24-bit pass for every centre and neighbour sum, checked here the slow way.
/// </summary>
public sealed class BoxBlurWordsProofTests
{
    [Fact]
    public void AcceptedPassesAreExactForEveryInput()
    {
        var random = new Random(31);
        int rejected = 0;
        int[] byForm = new int[2];
        for (int i = 0; i < 300; i++)
        {
            float radius = i < 4 ? new[] { 0.5f, 0.6f, 0.8f, 1.2f }[i] : (float)(0.3 + random.NextDouble() * 1.1);
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
            if (!BoxBlurWordsProof.TryPass(weights, wide: true, out WordPass pass))
            {
                rejected++;
                continue;
            }

            byForm[pass.Shift == 0 ? 0 : 1]++;
            for (int c = 0; c <= 255; c++)
            {
                for (int s = 0; s <= 510; s++)
                {
                    uint pillow = ((uint)c * weights.Whole + (uint)s * weights.Fraction + BoxBlurWeights.Half) >> BoxBlurWeights.Shift;
                    int words = c + pass.Apply(s - 2 * c);
                    if (pillow != words)
                    {
                        Assert.Fail($"radius {radius}: c {c}, s {s}: Pillow {pillow}, 16-bit {words} ({pass})");
                    }
                }
            }
        }

        // Both forms and a refusal must occur, or the test proves nothing about the proof.
        Assert.True(byForm[0] > 50 && byForm[1] > 50 && rejected > 0, $"vpmulhrsw {byForm[0]}, shifted {byForm[1]}, rejected {rejected}");
    }

    /// <summary>
    /// Both proofs pair d with -d and stop early; their verdict must be the plain statement's, 0 &lt;= 2^k*rho(d) +
    /// d*f - low &lt; 2^24 - low for each of the 1,021 values of d, for the first candidate that satisfies it, on every
    /// radius 0.300-1.500 in steps of 0.001 (accepted and rejected alike), plus the one case the pairing settles
    /// without walking (f = 0, e = 0) wherever it occurs. Every candidate must be needed.
    /// </summary>
    [Fact]
    public void PairedProofsMatchTheStatementOnEveryRadius()
    {
        int accepted = 0;
        int[] byCandidate = new int[BoxBlurWordsProof.Candidates];
        for (int k = 300; k <= 1500; k++)
        {
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(k / 1000f);
            int first = Enumerable.Range(0, BoxBlurWordsProof.Candidates).FirstOrDefault(c => Statement(weights, c), -1);
            bool statement = first >= 0;
            WordPass expected = default;
            if (statement)
            {
                BoxBlurWordsProof.ProofInputs(weights, first, out expected, out _, out _);
                byCandidate[first]++;
            }

            bool wide = BoxBlurWordsProof.TryPass(weights, wide: true, out WordPass p512);
            bool narrow = BoxBlurWordsProof.TryPass(weights, wide: false, out WordPass p256);
            Assert.True(statement == wide && statement == narrow, $"radius {k / 1000f} ({weights}): statement {statement}, 512-bit {wide}, 256-bit {narrow}");
            Assert.True(!statement || (p512 == expected && p256 == expected), $"radius {k / 1000f}: {expected}, 512-bit {p512}, 256-bit {p256}");
            accepted += statement ? 1 : 0;
        }

        Assert.InRange(accepted, 800, 1150);
        Assert.All(byCandidate, n => Assert.InRange(n, 10, 1000));

        static bool Statement(BoxBlurWeights weights, int candidate)
        {
            if (!BoxBlurWordsProof.ProofInputs(weights, candidate, out WordPass pass, out int f, out int low))
            {
                return false;
            }

            int k = pass.ScaleBits;
            return Enumerable.Range(-510, 1021).All(d =>
            {
                long rho = (((long)d * pass.Multiplier) + (1L << (23 - k))) & ((1L << (24 - k)) - 1);
                long y = (rho << k) + ((long)d * f) - low;
                return y >= 0 && y < (1L << BoxBlurWeights.Shift) - low;
            });
        }
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
        Assert.True(BoxBlurWordsProof.ProofInputs(weights, 0, out WordPass nearest, out _, out _));
        Assert.True(BoxBlurWordsProof.ProofInputs(weights, 1, out WordPass other, out _, out _));
        Assert.Equal(1, Math.Abs(nearest.Multiplier - other.Multiplier));
        Assert.True(Math.Min(nearest.Multiplier, other.Multiplier) * 512L <= weights.Fraction && weights.Fraction <= Math.Max(nearest.Multiplier, other.Multiplier) * 512L);
        Assert.Equal(new WordPass(expected, 0), other);
        Assert.True(BoxBlurWordsProof.TryPass(weights, wide: true, out WordPass p512));
        Assert.True(BoxBlurWordsProof.TryPass(weights, wide: false, out WordPass p256));
        Assert.Equal(other, p512);
        Assert.Equal(other, p256);
    }

    /// <summary>
    /// The shifted candidates take the largest shift whose nearest multiplier fits 15 bits, and bracket F's scaled
    /// value like the first two; radius 0.6153 (F = 1,058,626) is refused by both <c>vpmulhrsw</c> candidates and
    /// accepted at shift 2 with b = round(F / 64).
    /// </summary>
    [Fact]
    public void TheShiftedCandidatesUseTheFinestMultiplier()
    {
        for (int k = 300; k <= 1500; k += 7)
        {
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(k / 1000f);
            if (!BoxBlurWordsProof.ProofInputs(weights, 2, out WordPass nearest, out _, out _))
            {
                continue;
            }

            Assert.InRange(nearest.Shift, 1, 7);
            int bits = nearest.ScaleBits;
            Assert.Equal((weights.Fraction + (1u << (bits - 1))) >> bits, (uint)nearest.Multiplier);
            Assert.True(nearest.Shift == 7 || ((weights.Fraction + (1u << (bits - 2))) >> (bits - 1)) > (uint)short.MaxValue, $"{weights}: shift {nearest.Shift} is not the largest");
            if (BoxBlurWordsProof.ProofInputs(weights, 3, out WordPass other, out _, out _))
            {
                Assert.Equal(nearest.Shift, other.Shift);
                Assert.Equal(1, Math.Abs(nearest.Multiplier - other.Multiplier));
                Assert.True(Math.Min(nearest.Multiplier, other.Multiplier) * (1L << bits) <= weights.Fraction && weights.Fraction <= Math.Max(nearest.Multiplier, other.Multiplier) * (1L << bits));
            }
        }

        BoxBlurWeights shifted = BoxBlurWeights.FromGaussianRadius(0.6153f);
        Assert.Equal(1_058_626u, shifted.Fraction);
        Assert.True(BoxBlurWordsProof.TryPass(shifted, wide: true, out WordPass pass));
        Assert.Equal(new WordPass(16541, 2), pass);
    }

    /// <summary>
    /// The walkers leave rho(d) = 0 to <see cref="BoxBlurWordsProof.ReachesZero"/>: every 15-bit b, every d, at every
    /// scale a pass can have (9 for <c>vpmulhrsw</c>, 1 to 7 for the shifted form).
    /// </summary>
    [Fact]
    public void RhoReachesZeroExactlyWhenTheScaleDividesTheMultiplier()
    {
        foreach (int k in new[] { 9, 7, 6, 5, 4, 3, 2, 1 })
        {
            long modulus = 1L << (24 - k), half = 1L << (23 - k);
            for (int b = 1; b <= short.MaxValue; b++)
            {
                bool reaches = false;
                for (long d = 1; d <= 510 && !reaches; d++)
                {
                    reaches = ((d * b) + half) % modulus == 0;
                }

                if (reaches != BoxBlurWordsProof.ReachesZero(b, k))
                {
                    Assert.Fail($"k {k}, b {b}: rho reaches zero {reaches}");
                }
            }
        }
    }

    /// <summary>Each form's scalar statement is the kernels' arithmetic: a vector of every d through each operator.</summary>
    [Fact]
    public void OperatorsMatchTheScalarStatement()
    {
        foreach (WordPass pass in new[] { new WordPass(1967, 0), new WordPass(32767, 0), new WordPass(16541, 2), new WordPass(31457, 1), new WordPass(20000, 7) })
        {
            var b = System.Runtime.Intrinsics.Vector256.Create(pass.Multiplier);
            var rounding = System.Runtime.Intrinsics.Vector256.Create(pass.Rounding);
            var shift = System.Runtime.Intrinsics.Vector128.CreateScalar((short)pass.Shift);
            for (int d0 = -510; d0 <= 510; d0 += 16)
            {
                var d = System.Runtime.Intrinsics.Vector256.Create((short)d0) + System.Runtime.Intrinsics.Vector256<short>.Indices;
                var g = pass.Shift == 0 ? RoundScalePass.Apply(d, b, rounding, shift) : HighShiftPass.Apply(d, b, rounding, shift);
                for (int i = 0; i < 16; i++)
                {
                    Assert.Equal(pass.Apply(d0 + i), g[i]);
                }
            }
        }
    }

    [Fact]
    public void WiderBoxesAreNeverAccepted()
    {
        Assert.False(BoxBlurWordsProof.TryPass(BoxBlurWeights.FromGaussianRadius(2f), wide: true, out _));
        Assert.False(BoxBlurWordsProof.TryPass(BoxBlurWeights.FromGaussianRadius(2f), wide: false, out _));
    }

    /// <summary>
    /// The proof's 8-lane loop (AVX2 machines) walks the same d in narrower steps; it must give the 16-lane loop's
    /// answer and pass for every radius of the augmentation range and around it (checked exhaustively above).
    /// </summary>
    [Fact]
    public void Vector256ProofAgreesWithVector512Proof()
    {
        int accepted = 0;
        for (int i = 0; i <= 12_000; i++)
        {
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(0.3f + (i * 0.0001f));
            bool wide = BoxBlurWordsProof.TryPass(weights, wide: true, out WordPass p512);
            bool narrow = BoxBlurWordsProof.TryPass(weights, wide: false, out WordPass p256);
            Assert.True(wide == narrow && p512 == p256, $"{weights}: 512-bit {wide} {p512}, 256-bit {narrow} {p256}");
            accepted += wide ? 1 : 0;
        }

        Assert.InRange(accepted, 8_000, 11_900);
    }
}
