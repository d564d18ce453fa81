using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

/// <summary>
/// The 16-bit blur kernel is only as exact as <see cref="BoxBlurWordsVector512.TryMultiplier"/>'s proof: for every
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
            float radius = i < 3 ? new[] { 0.5f, 0.8f, 1.2f }[i] : (float)(0.3 + random.NextDouble() * 1.1);
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
            if (!BoxBlurWordsVector512.TryMultiplier(weights, out short b))
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

    [Fact]
    public void WiderBoxesAreNeverAccepted()
    {
        Assert.False(BoxBlurWordsVector512.TryMultiplier(BoxBlurWeights.FromGaussianRadius(2f), out _));
        Assert.False(BoxBlurWordsVector256.TryMultiplier(BoxBlurWeights.FromGaussianRadius(2f), out _));
    }

    /// <summary>
    /// The AVX2 kernel's proof walks the same d in another order and stops early; it must give the 512-bit proof's
    /// answer and multiplier for every radius of the augmentation range and around it (checked exhaustively above).
    /// </summary>
    [Fact]
    public void Vector256ProofAgreesWithVector512Proof()
    {
        int accepted = 0;
        for (int i = 0; i <= 12_000; i++)
        {
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(0.3f + (i * 0.0001f));
            bool wide = BoxBlurWordsVector512.TryMultiplier(weights, out short b512);
            bool narrow = BoxBlurWordsVector256.TryMultiplier(weights, out short b256);
            Assert.True(wide == narrow && b512 == b256, $"{weights}: 512-bit {wide} {b512}, 256-bit {narrow} {b256}");
            accepted += wide ? 1 : 0;
        }

        Assert.InRange(accepted, 1_000, 11_000);
    }
}
