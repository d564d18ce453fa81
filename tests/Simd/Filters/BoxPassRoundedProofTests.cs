using System.Runtime.Intrinsics;
using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

/// <summary>
/// The float blur pass is only as exact as <see cref="BoxPassRounded.IsExact"/>'s proof: for every radius it accepts,
/// the operator itself (its Vector256 and Vector512 forms, on the biased encoding) must give Pillow's 24-bit pass for
/// every centre and neighbour sum, checked here the slow way; and a radius it rejects must really have a failing input.
/// </summary>
public sealed class BoxPassRoundedProofTests
{
    [Fact]
    public void AcceptedRadiiAreExactForEveryInput()
    {
        var random = new Random(47);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 120; i++)
        {
            float radius = i < 4 ? new[] { 0.5f, 0.6f, 0.9f, 1.2f }[i] : (float)(0.3 + random.NextDouble() * 1.1);
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
            if (weights.Radius != 0)
            {
                continue;
            }

            if (!BoxPassRounded.IsExact(weights))
            {
                rejected++;
                continue;
            }

            accepted++;
            (int c, int s, uint pillow, uint rounded)? miss = FirstMismatch(weights);
            Assert.True(miss is null, $"radius {radius} ({weights}): {miss}");
        }

        Assert.True(accepted > 100, $"accepted {accepted}, rejected {rejected}");
    }

    /// <summary>
    /// Radius 1 (F = 0x2AAAAA, e = 1) is one the proof must refuse: at d = -3 the residue is 2, so every centre above 2
    /// rounds the other way. Its failure must show in the operator itself, or the proof's margin guards nothing.
    /// </summary>
    [Theory]
    [InlineData(1f)]
    [InlineData(0.75f)]
    [InlineData(1.1f)]
    public void RejectedRadiiHaveAFailingInput(float radius)
    {
        BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
        Assert.Equal(0, weights.Radius);
        Assert.False(BoxPassRounded.IsExact(weights));
        Assert.NotNull(FirstMismatch(weights));
    }

    /// <summary>
    /// The proof pairs d with -d; its verdict must be the plain statement's, u(d) = (d*F + 2^23) mod 2^24 at least the
    /// margin for all 1,021 values of d, on every radius of the augmentation range in steps of 0.001 (accepted and
    /// rejected ones alike, so a proof that got stricter fails as well as one that got looser).
    /// </summary>
    [Fact]
    public void PairedProofMatchesTheStatementOnEveryRadius()
    {
        int accepted = 0;
        for (int k = 500; k <= 1200; k++)
        {
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(k / 1000f);
            long e = (1L << BoxBlurWeights.Shift) - weights.Whole - 2L * weights.Fraction;
            bool statement = weights.Radius == 0 && e is 0 or 1 && Enumerable.Range(-510, 1021)
                .All(d => ((((long)d * weights.Fraction) + BoxBlurWeights.Half) & ((1L << BoxBlurWeights.Shift) - 1)) >= (e == 0 ? 1 : 255));
            Assert.True(statement == BoxPassRounded.IsExact(weights), $"radius {k / 1000f} ({weights}): statement {statement}");
            accepted += statement ? 1 : 0;
        }

        // Stop 12 counted 695 of these 701 radii.
        Assert.InRange(accepted, 600, 701);
    }

    [Fact]
    public void WiderBoxesAreNeverAccepted() => Assert.False(BoxPassRounded.IsExact(BoxBlurWeights.FromGaussianRadius(2f)));

    /// <summary>Every (c, s = l + r) through the operator, eight centres at a time, against Pillow's formula.</summary>
    private static (int c, int s, uint pillow, uint rounded)? FirstMismatch(BoxBlurWeights weights)
    {
        (uint first, uint second) = BoxPassRounded.Constants(weights);
        Vector256<uint> k0 = Vector256.Create(first), k1 = Vector256.Create(second), bias = Vector256.Create(BoxPassRounded.Bias);
        Vector512<uint> w0 = Vector512.Create(first), w1 = Vector512.Create(second), wide = Vector512.Create(BoxPassRounded.Bias);
        for (int s = 0; s <= 510; s++)
        {
            uint l = (uint)Math.Min(s, 255), r = (uint)s - l;
            for (int c0 = 0; c0 < 256; c0 += 16)
            {
                Vector512<uint> centre = Vector512.Create((uint)c0) + Vector512<uint>.Indices;
                Vector512<uint> narrow = Vector512.Create(
                    BoxPassRounded.Apply(Vector256.Create(l) + bias, centre.GetLower() + bias, Vector256.Create(r) + bias, k0, k1) - bias,
                    BoxPassRounded.Apply(Vector256.Create(l) + bias, centre.GetUpper() + bias, Vector256.Create(r) + bias, k0, k1) - bias);
                Vector512<uint> full = BoxPassRounded.Apply(Vector512.Create(l) + wide, centre + wide, Vector512.Create(r) + wide, w0, w1) - wide;
                for (int lane = 0; lane < 16; lane++)
                {
                    uint c = (uint)(c0 + lane);
                    uint pillow = (c * weights.Whole + (uint)s * weights.Fraction + BoxBlurWeights.Half) >> BoxBlurWeights.Shift;
                    if (narrow[lane] != pillow || full[lane] != pillow)
                    {
                        return ((int)c, s, pillow, narrow[lane] != pillow ? narrow[lane] : full[lane]);
                    }
                }
            }
        }

        return null;
    }
}
