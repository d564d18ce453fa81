using CommunityToolkit.HighPerformance;
using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

/// <summary>Every accelerated path must reproduce the scalar reference bit for bit, borders and odd pitches included.</summary>
[Trait("Category", "Isa")]
public sealed class FilterPathTests
{
    private delegate void Filter(ReadOnlySpan2D<byte> src, Span2D<byte> dst, SimdPath path);

    public static TheoryData<SimdPath> Paths() => SupportedPaths.All();

    private static IEnumerable<(int Height, int Width)> Sizes(Random random)
    {
        // Around the vector widths, and 126, 127, 190: the 512-bit 3x3 kernel's last 64-column strip overlaps the one before.
        int[] edges = [1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 18, 28, 31, 32, 33, 34, 63, 64, 65, 66, 126, 127, 190];
        foreach (int h in new[] { 1, 2, 3, 4, 9 })
        {
            foreach (int w in edges)
            {
                yield return (h, w);
                yield return (w, h);
            }
        }

        yield return (28, 28);
        yield return (64, 64);
        yield return (257, 131);
        for (int i = 0; i < 20; i++)
        {
            yield return (random.Next(1, 130), random.Next(1, 130));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void SmoothMatchesScalar(SimdPath path) =>
        CompareWithScalar(path, 11, (s, d, p) => Smooth.Apply(s, d, p), (s, d) => SmoothScalar.Apply(s, d));

    [Theory]
    [MemberData(nameof(Paths))]
    public void SharpenMatchesScalar(SimdPath path) =>
        CompareWithScalar(path, 12, (s, d, p) => Sharpen.Apply(s, d, p), (s, d) => SharpenScalar.Apply(s, d));

    [Theory]
    [MemberData(nameof(Paths))]
    public void GaussianBlurMatchesScalar(SimdPath path)
    {
        var random = new Random(13);
        float[] fixedRadii = [0f, 0.5f, 0.8f, 1f, 1.2f, 1.5f, 2f, 5f, 30f, 45f];
        int i = 0;
        foreach ((int h, int w) in Sizes(random))
        {
            float radius = i < fixedRadii.Length * 3 ? fixedRadii[i % fixedRadii.Length] : (float)(random.NextDouble() * 4);
            i++;
            CompareOnce(random, h, w, (s, d, p) => GaussianBlur.Apply(s, d, radius, p), (s, d) => GaussianBlurScalar.Apply(s, d, radius), path, $"radius {radius}");
        }
    }

    private static void CompareWithScalar(SimdPath path, int seed, Filter filter, Action<ReadOnlySpan2D<byte>, Span2D<byte>> scalar)
    {
        var random = new Random(seed);
        foreach ((int h, int w) in Sizes(random))
        {
            CompareOnce(random, h, w, filter, scalar, path, string.Empty);
        }
    }

    private static void CompareOnce(
        Random random, int h, int w, Filter filter, Action<ReadOnlySpan2D<byte>, Span2D<byte>> scalar, SimdPath path, string what)
    {
        FilterTestImage src = FilterTestImage.Source(h, w, random);
        FilterTestImage expected = FilterTestImage.Destination(h, w, random);
        FilterTestImage actual = FilterTestImage.Destination(h, w, random);
        byte[] before = (byte[])actual.Backing.Clone();
        scalar(src.Span, expected.Span);
        filter(src.Span, actual.Span, path);
        byte[] want = expected.Packed(), got = actual.Packed();
        int mismatch = want.AsSpan().CommonPrefixLength(got);
        Assert.True(mismatch == want.Length, $"{path} {h}x{w} {what}: first difference at ({mismatch / Math.Max(w, 1)}, {mismatch % Math.Max(w, 1)})");
        AssertOnlyImageWritten(actual, before);
    }

    /// <summary>Overlapped vector tails must stay inside the row: padding bytes of the destination keep their value.</summary>
    private static void AssertOnlyImageWritten(FilterTestImage image, byte[] before)
    {
        byte[] after = image.Backing;
        Span2D<byte> span = image.Span;
        var inside = new bool[after.Length];
        for (int y = 0; y < span.Height; y++)
        {
            for (int x = 0; x < span.Width; x++)
            {
                ref byte cell = ref span[y, x];
                int index = (int)System.Runtime.CompilerServices.Unsafe.ByteOffset(ref after[0], ref cell);
                inside[index] = true;
            }
        }

        for (int i = 0; i < after.Length; i++)
        {
            Assert.True(inside[i] || after[i] == before[i], $"byte {i} outside the image was written");
        }
    }
}
