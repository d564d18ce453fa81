using CommunityToolkit.HighPerformance;
using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

/// <summary>
/// Tall images blur in bands of rows (<see cref="BlurBands"/>) so that their scratch stays bounded; the bands must
/// give the whole image's bytes on every path, for bands from one row up, every radius class (the 16-bit, float and
/// integer kernels of box radius 0, the generic passes, the scalar running sum above the vector radii) and the
/// fused widths as well as the others.
/// </summary>
[Trait("Category", "Isa")]
public sealed class BlurBandsTests
{
    [Theory]
    [MemberData(nameof(SupportedPaths.All), MemberType = typeof(SupportedPaths))]
    public void BandsMatchTheWholeImage(SimdPath path)
    {
        var random = new Random(77);
        float[] radii = [0.5f, 0.6f, 0.77f, 1f, 1.41f, 2.5f, 6f, 60f];
        foreach (int w in new[] { 1, 5, 16, 28, 64, 100 })
        {
            foreach (float radius in radii)
            {
                BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
                int pad = weights.Radius + 1;
                int h = random.Next(1, 40) + (int)Math.Min(4 * BlurBands.Halo(pad), 400);
                FilterTestImage src = FilterTestImage.Source(h, w, random);
                FilterTestImage whole = FilterTestImage.Destination(h, w, random);
                var passes = new GaussianBlur.Passes(weights, path);
                BlurBands.Run(src.Span, whole.Span, pad, h, passes);
                foreach (int core in new[] { 1, 2, 3, random.Next(4, h), h - 1 }.Where(c => c >= 1 && c < h))
                {
                    FilterTestImage banded = FilterTestImage.Destination(h, w, random);
                    byte[] before = banded.Backing.ToArray();
                    BlurBands.Run(src.Span, banded.Span, pad, core, passes);
                    Assert.True(whole.Packed().AsSpan().SequenceEqual(banded.Packed()), $"{path} {h}x{w} radius {radius}, bands of {core} rows");
                    AssertOnlyImageWritten(before, banded);
                }
            }
        }
    }

    /// <summary>
    /// Through the public entry points: a 64-wide image 300,000 rows tall needs about 96 MB of scratch as one piece; in
    /// bands it gives the unbanded bytes, and once warm it allocates nothing per call (whole, every call leased the
    /// planes anew).
    /// </summary>
    [Fact]
    public void TallImagesBlurInBandsWithoutAllocating()
    {
        const int w = 64, h = 300_000;
        var random = new Random(3);
        var src = new byte[w * h];
        random.NextBytes(src);
        var expected = new byte[w * h];
        var actual = new byte[w * h];
        var s = new ReadOnlySpan2D<byte>(src, h, w);
        BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(0.8f);
        int core = BlurBands.CoreRows(w, h, weights.Radius + 1);
        Assert.InRange(core, 1, h / 2);
        BlurBands.Run(s, new Span2D<byte>(expected, h, w), weights.Radius + 1, h, new GaussianBlur.Passes(weights, SimdDispatch.Best));
        GaussianBlur.Apply(s, new Span2D<byte>(actual, h, w), 0.8f);
        Assert.True(expected.AsSpan().SequenceEqual(actual));

        long allocated = SteadyState.AllocatedBytes(() => GaussianBlur.Apply(new ReadOnlySpan2D<byte>(src, h, w), new Span2D<byte>(actual, h, w), 0.8f));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SmallImagesAreOneBand()
    {
        Assert.Equal(64, BlurBands.CoreRows(64, 64, 1));
        Assert.Equal(512, BlurBands.CoreRows(512, 512, 3));
    }

    /// <summary>Rows so wide that even the smallest band's scratch exceeds an array: a clear error naming src, not an overflow.</summary>
    [Fact]
    public void ImagesTooWideForOneBandAreRefusedNamingSrc()
    {
        var error = Assert.Throws<ArgumentException>(() => BlurBands.CoreRows(int.MaxValue / 4, 100, 2));
        Assert.Equal("src", error.ParamName);
        Assert.Contains("too large to blur", error.Message);
    }

    private static void AssertOnlyImageWritten(byte[] before, FilterTestImage image)
    {
        byte[] after = image.Backing;
        var inside = new bool[after.Length];
        Span2D<byte> span = image.Span;
        for (int y = 0; y < image.Height; y++)
        {
            int start = (int)System.Runtime.CompilerServices.Unsafe.ByteOffset(ref after[0], ref span.GetRowSpan(y)[0]);
            inside.AsSpan(start, image.Width).Fill(true);
        }

        for (int i = 0; i < after.Length; i++)
        {
            Assert.True(inside[i] || after[i] == before[i], $"byte {i} outside the image was written");
        }
    }
}
