using CommunityToolkit.HighPerformance;
using Hpc.Simd.Filters;

namespace Hpc.Simd.Tests.Filters;

/// <summary>Outputs of every path against Pillow 9.4 itself (goldens from Golden/make_filters_golden.py).</summary>
[Trait("Category", "Isa")]
public sealed class FilterPillowParityTests
{
    public static TheoryData<SimdPath> Paths() => SupportedPaths.All();

    [Fact]
    public void GoldensArePresent() => Assert.True(PillowGolden.All().Count() >= 10, $"goldens missing in {PillowGolden.Directory}");

    [Theory]
    [MemberData(nameof(Paths))]
    public void SmoothSharpenAndBlurMatchPillowExactly(SimdPath path)
    {
        int checkedCases = 0;
        foreach (PillowGolden golden in PillowGolden.All())
        {
            var src = new ReadOnlySpan2D<byte>(golden.Input, golden.Height, golden.Width);
            var result = new byte[golden.Height * golden.Width];
            var dst = new Span2D<byte>(result, golden.Height, golden.Width);
            foreach ((string name, byte[] expected) in golden.Outputs)
            {
                Array.Fill(result, (byte)0x5A);
                if (name == "smooth")
                {
                    Smooth.Apply(src, dst, path);
                }
                else if (name == "sharpen")
                {
                    Sharpen.Apply(src, dst, path);
                }
                else
                {
                    float radius = float.Parse(name["gauss:".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    GaussianBlur.Apply(src, dst, radius, path);
                }

                int first = expected.AsSpan().CommonPrefixLength(result);
                Assert.True(
                    first == expected.Length,
                    $"{golden.Name} {name} on {path}: pixel {first} is {(first < result.Length ? result[first] : 0)}, Pillow has {(first < expected.Length ? expected[first] : 0)}");
                checkedCases++;
            }
        }

        Assert.True(checkedCases > 100);
    }
}
