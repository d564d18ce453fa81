using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// Scale-translate resizes in bands of output rows whose source rows' scratch stays within a budget, so that a tall
/// image neither outgrows a 32-bit scratch size nor allocates on every call. Each output row reads only its own
/// window of source rows, so every band size must give the bytes of one band, on every path.
/// </summary>
[Trait("Category", "Isa")]
public sealed class ScaleTranslateBandTests
{
    [Theory]
    [MemberData(nameof(SupportedPaths.All), MemberType = typeof(SupportedPaths))]
    public void BandsMatchOneBand(SimdPath path)
    {
        var rng = new Random(41);
        for (int i = 0; i < 60; i++)
        {
            int sw = rng.Next(1, 140), sh = rng.Next(1, 300);
            int dw = rng.Next(1, 140), dh = rng.Next(1, 300);
            // Up- and downscales on each axis, and the unscaled axes (no horizontal pass, or no vertical one).
            int width = rng.Next(4) == 0 ? sw : rng.Next(1, 3 * sw + 2);
            int height = rng.Next(4) == 0 ? sh : rng.Next(1, 3 * sh + 2);
            int offsetX = rng.Next(-width, dw), offsetY = rng.Next(-height, dh);
            PitchedImage src = PitchedImage.Random(rng, sw, sh, rng.Next(0, 5));
            PitchedImage whole = PitchedImage.Random(rng, dw, dh, rng.Next(0, 5));
            ScaleTranslate.Run(src.Span, whole.Span, width, height, offsetX, offsetY, path, bandBytes: long.MaxValue);
            foreach (long bandBytes in new long[] { 1, 4096, rng.Next(1, 200_000) })
            {
                PitchedImage banded = PitchedImage.Random(rng, dw, dh, rng.Next(0, 5));
                ScaleTranslate.Run(src.Span, banded.Span, width, height, offsetX, offsetY, path, bandBytes);
                Assert.True(whole.ToArray().AsSpan().SequenceEqual(banded.ToArray()),
                    $"{path}: {sw}x{sh} -> {width}x{height} at ({offsetX}, {offsetY}) on {dw}x{dh}, bands within {bandBytes} bytes");
            }
        }
    }

    /// <summary>
    /// 300,000 rows resized to 4,000 through the public entry point: one band would need about 77 MB of scratch and
    /// take it anew on every call; in bands the warm call allocates nothing and gives the same bytes.
    /// </summary>
    [Fact]
    public void TallSourcesResizeInBandsWithoutAllocating()
    {
        const int w = 64, h = 300_000, height = 4_000;
        var src = new byte[w * h];
        new Random(8).NextBytes(src);
        var expected = new byte[w * height];
        var actual = new byte[w * height];
        ScaleTranslate.Run(new ReadOnlySpan2D<byte>(src, h, w), new Span2D<byte>(expected, height, w), w - 3, height, 1, 0, SimdDispatch.Best, bandBytes: long.MaxValue);
        ScaleTranslate.Apply(new ReadOnlySpan2D<byte>(src, h, w), new Span2D<byte>(actual, height, w), w - 3, height, 1, 0);
        Assert.True(expected.AsSpan().SequenceEqual(actual));

        long allocated = SteadyState.AllocatedBytes(() =>
            ScaleTranslate.Apply(new ReadOnlySpan2D<byte>(src, h, w), new Span2D<byte>(actual, height, w), w - 3, height, 1, 0));
        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// One output row whose window of source rows needs more scratch than an array holds (40 million rows squeezed
    /// into one, with a horizontal pass to keep) is refused naming src, before anything reads the source: the view spans
    /// 2.5 GB over 64 real bytes.
    /// </summary>
    [Fact]
    public unsafe void AWindowTooLargeForScratchIsRefusedNamingSrc()
    {
        // The destination sits just before the source's first byte, so the two never overlap.
        byte* block = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(128);
        try
        {
            var error = Assert.Throws<ArgumentException>(() =>
                ScaleTranslate.Apply(new ReadOnlySpan2D<byte>(block + 64, 40_000_000, 64, 0), new Span2D<byte>(block, 1, 64, 0), 63, 1, 0, 0));
            Assert.Equal("src", error.ParamName);
            Assert.Contains("more scratch than an array holds", error.Message);
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(block);
        }
    }
}
