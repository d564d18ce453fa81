using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The AVX2 resize route transposes eight source rows at a time in 16-column blocks, computes eight output columns
/// per step and runs its vertical pass in 32- and 8-column steps, each with an overlapping last step; the 128-bit
/// route transposes four rows in 4-column blocks and computes four output columns per step. Source widths around 4
/// and 16, target widths around 4, 8 and 32, heights around multiples of 4 and 8, crops, strong shrinks (wide kernels),
/// upscales and a horizontal-only resize must all match the scalar reference on every path, and no byte outside the
/// target may change.
/// </summary>
[Trait("Category", "Isa")]
public sealed class ScaleTranslateTransposedTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(28)]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(131)]
    public void EveryBlockEdgeMatchesScalar(int srcWidth)
    {
        var rng = new Random(srcWidth);
        foreach (int srcHeight in new[] { 1, 3, 4, 5, 7, 8, 9, 28, 64 })
        {
            PitchedImage src = PitchedImage.Random(rng, srcWidth, srcHeight, rng.Next(0, 9));
            foreach (int width in new[] { 1, 3, 4, 5, 7, 8, 9, 15, 16, 25, 31, 32, 33, 40, 51, 63, 64, 65, 70 })
            {
                int height = rng.Next(3) switch
                {
                    0 => srcHeight,
                    1 => Math.Max(1, srcHeight * 4 / 5),
                    _ => rng.Next(1, 2 * srcHeight + 2),
                };
                int x = rng.Next(4) == 0 ? -rng.Next(1, Math.Max(2, width / 2)) : rng.Next(0, 3);
                int y = rng.Next(4) == 0 ? -rng.Next(1, Math.Max(2, height / 2)) : rng.Next(0, 3);
                int dstWidth = Math.Max(1, width + rng.Next(-3, 6)), dstHeight = Math.Max(1, height + rng.Next(-3, 6));
                Compare(src, width, height, x, y, dstWidth, dstHeight);
            }
        }
    }

    [Theory]
    [InlineData(128, 9)]
    [InlineData(200, 20)]
    [InlineData(64, 25)]
    [InlineData(20, 64)]
    public void WideKernelsAndUpscalesMatchScalar(int srcSize, int size)
    {
        var rng = new Random(srcSize * 7 + size);
        PitchedImage src = PitchedImage.Random(rng, srcSize, srcSize, 3);
        Compare(src, size, size, 0, 0, size, size);
        Compare(src, size, srcSize, 1, 0, size + 2, srcSize);
        Compare(src, size, size, -size / 3, -1, size, size);
    }

    private static void Compare(PitchedImage src, int width, int height, int x, int y, int dstWidth, int dstHeight)
    {
        var expected = new PitchedImage(dstWidth, dstHeight, 2);
        ScaleTranslateScalar.Apply(src.Span, expected.Span, width, height, x, y);
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            var actual = new PitchedImage(dstWidth, dstHeight, 5);
            Array.Fill(actual.Buffer, (byte)0xA5);
            ScaleTranslate.Apply(src.Span, actual.Span, width, height, x, y, path);
            string what = $"{src.Width}x{src.Height} -> {width}x{height} at {x},{y} on {dstWidth}x{dstHeight}, {path}";
            Assert.True(expected.ToArray().AsSpan().SequenceEqual(actual.ToArray()), what);
            for (int i = 0; i < actual.Buffer.Length; i++)
            {
                int r = (i - actual.Offset) / (dstWidth + actual.Pitch), c = (i - actual.Offset) % (dstWidth + actual.Pitch);
                bool inside = i >= actual.Offset && r < dstHeight && c < dstWidth;
                Assert.True(inside || actual.Buffer[i] == 0xA5, $"{what}: byte {i} outside the image was written");
            }
        }
    }
}
