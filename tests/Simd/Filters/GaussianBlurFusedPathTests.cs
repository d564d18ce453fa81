using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

/// <summary>
/// The fused AVX-512 and AVX2 blurs (box radius 0, rows of 16-64 pixels: the proven 16-bit kernel in both forms, the proven float pass and the
/// 32-bit integer pass)
/// have their own edge indices per width, masked or copied loads for the last rows and narrow/wide variants; every width of that range, short and tall images and both sides of the box-radius switch
/// must match the scalar reference bit for bit on every path.
/// </summary>
[Trait("Category", "Isa")]
public sealed class GaussianBlurFusedPathTests
{
    public static TheoryData<SimdPath> Paths() => FilterPathTests.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryFusedWidthMatchesScalar(SimdPath path)
    {
        var random = new Random(21);
        float[] radii = [0.3f, 0.5f, 0.77f, 0.935f, 1f, 1.2f, 1.41f, 1.5f];
        // All the kernels of the box-radius-0 range must be exercised: the proven 16-bit one in both pass forms, the
        // proven float pass and the 32-bit integer pass that takes the rest.
        BoxBlurWeights[] weights = radii.Take(6).Select(BoxBlurWeights.FromGaussianRadius).ToArray();
        WordPass?[] passes = [.. weights.Select(k => BoxBlurWordsProof.TryPass(k, out WordPass p) ? p : (WordPass?)null)];
        bool[] words = passes.Select(p => p.HasValue).ToArray();
        bool[] rounded = weights.Select(BoxPassRounded.IsExact).ToArray();
        Assert.Contains(passes, p => p?.Shift == 0);
        Assert.Contains(passes, p => p?.Shift > 0);
        Assert.Contains(true, words.Zip(rounded, (a, b) => !a && b));
        Assert.Contains(true, words.Zip(rounded, (a, b) => !a && !b));
        int i = 0;
        // From 4: the AVX2 column kernel also follows the generic row passes on rows of 8-15 and above 64 pixels, and
        // the 128-bit one (four lanes) on every row of at least 4.
        foreach (int w in Enumerable.Range(4, 63).Append(100).Append(131))
        {
            foreach (int h in new[] { 1, 2, 3, 5, 64 })
            {
                float radius = radii[i++ % radii.Length];
                FilterTestImage src = FilterTestImage.Source(h, w, random);
                FilterTestImage expected = FilterTestImage.Destination(h, w, random);
                FilterTestImage actual = FilterTestImage.Destination(h, w, random);
                GaussianBlurScalar.Apply(src.Span, expected.Span, radius);
                GaussianBlur.Apply(src.Span, actual.Span, radius, path);
                Assert.True(expected.Packed().AsSpan().SequenceEqual(actual.Packed()), $"{path} {h}x{w} radius {radius}");
            }
        }
    }

    /// <summary>
    /// Rows of exactly 64 pixels take the phase-ordered row kernel of the float and integer passes and are put back in
    /// pixel order after the columns: both passes, short and tall images, edge pixels included.
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void SixtyFourWideRowsMatchScalarInBothThirtyTwoBitPasses(SimdPath path)
    {
        var random = new Random(64);
        // The float pass and the integer pass each need radii the 16-bit proof refuses.
        float[] grid = [.. Enumerable.Range(0, 141).Select(i => 0.5f + (i * 0.005f))];
        float[] rounded = [.. grid.Where(r => Refused(r) && BoxPassRounded.IsExact(BoxBlurWeights.FromGaussianRadius(r))).Take(3)];
        float[] integer = [.. grid.Where(r => Refused(r) && !BoxPassRounded.IsExact(BoxBlurWeights.FromGaussianRadius(r))).Take(3)];
        Assert.Equal(3, rounded.Length);
        Assert.NotEmpty(integer);
        foreach (float radius in rounded.Concat(integer))
        {
            foreach (int h in new[] { 1, 2, 5, 64, 67 })
            {
                FilterTestImage src = FilterTestImage.Source(h, 64, random);
                FilterTestImage expected = FilterTestImage.Destination(h, 64, random);
                FilterTestImage actual = FilterTestImage.Destination(h, 64, random);
                GaussianBlurScalar.Apply(src.Span, expected.Span, radius);
                GaussianBlur.Apply(src.Span, actual.Span, radius, path);
                Assert.True(expected.Packed().AsSpan().SequenceEqual(actual.Packed()), $"{path} {h}x64 radius {radius}");
            }
        }

        static bool Refused(float radius) => !BoxBlurWordsProof.TryPass(BoxBlurWeights.FromGaussianRadius(radius), out _);
    }

    /// <summary>
    /// The 128-bit column kernel takes the float pass where fused multiply-add is native (ARM64; on x64 only when the
    /// path is forced on a machine with FMA, as the path tests do): on every machine its result on byte rows must equal
    /// the integer pass's, bit for bit, for radii the float pass is proven for (Vector128's fused multiply-add is exact
    /// with or without hardware support).
    /// </summary>
    [Fact]
    public void FourLaneColumnsTakeTheFloatPassExactly()
    {
        var random = new Random(128);
        float[] radii = [.. Enumerable.Range(0, 141).Select(i => 0.5f + (i * 0.005f))
            .Where(r => BoxPassRounded.IsExact(BoxBlurWeights.FromGaussianRadius(r))).Take(8)];
        Assert.Equal(8, radii.Length);
        foreach (float radius in radii)
        {
            BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
            foreach ((int h, int w) in new[] { (1, 4), (2, 5), (3, 7), (64, 64), (67, 29) })
            {
                byte[] rows = new byte[h * w];
                random.NextBytes(rows);
                byte[] integer = new byte[h * w], floats = new byte[h * w];
                BoxBlurColumns<BoxLanes128>.Run<BoxPassFixed>(ref rows[0], w, ref integer[0], w, w, h, weights);
                BoxBlurColumns<BoxLanes128>.Run<BoxPassRounded>(ref rows[0], w, ref floats[0], w, w, h, weights);
                Assert.True(integer.AsSpan().SequenceEqual(floats), $"{h}x{w} radius {radius}");
            }
        }
    }
}
