using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>After one warm-up call, a round of 10,000 calls of each kernel allocates nothing on the calling thread.</summary>
[Trait("Category", "Isa")]
public class GeometryAllocationTests
{
    private delegate void Kernel(ReadOnlySpan2D<byte> src, Span2D<byte> dst);

    public static TheoryData<string> Kernels => new()
    {
        "affine-nearest", "affine-bilinear", "affine-scale", "rotate", "rotate90", "shear", "shear-rows", "scaletranslate", "sinewarp", "fused",
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void SteadyStateAllocatesNothing(string name)
    {
        var srcBuffer = new byte[64 * 64];
        new Random(5).NextBytes(srcBuffer);
        var dstBuffer = new byte[64 * 64];
        Kernel kernel = Pick(name);
        kernel(new ReadOnlySpan2D<byte>(srcBuffer, 64, 64), new Span2D<byte>(dstBuffer, 64, 64));
        long allocated = SteadyState.AllocatedBytes(() =>
        {
            var src = new ReadOnlySpan2D<byte>(srcBuffer, 64, 64);
            var dst = new Span2D<byte>(dstBuffer, 64, 64);
            for (int i = 0; i < 10_000; i++)
            {
                kernel(src, dst);
            }
        });
        Assert.Equal(0, allocated);
        Assert.Contains(dstBuffer, b => b != 0);
    }

    private static Kernel Pick(string name) => name switch
    {
        "affine-nearest" => (s, d) => Affine.Apply(s, d, new AffineMatrix(0.9, 0.2, 1, -0.2, 0.9, 5), Interpolation.Nearest),
        "affine-bilinear" => (s, d) => Affine.Apply(s, d, new AffineMatrix(0.9, 0.2, 1, -0.2, 0.9, 5), Interpolation.Bilinear),
        "affine-scale" => (s, d) => Affine.Apply(s, d, new AffineMatrix(0.9, 0, 1, 0, 0.8, 5), Interpolation.Nearest),
        "rotate" => (s, d) => Rotate.Apply(s, d, 12.5),
        "rotate90" => (s, d) => Rotate.Apply(s, d, 90),
        "shear" => (s, d) => Shear.Apply(s, d, 0.2, -0.1),
        "shear-rows" => (s, d) => Shear.Apply(s, d, 0.2, 0),
        "scaletranslate" => (s, d) => ScaleTranslate.Apply(s, d, 40, 44, 12, 9),
        "sinewarp" => (s, d) => SineWarp.Apply(s, d, 3, 1.0 / 64),
        "fused" => (s, d) => FusedAffine.Apply(s, d, 12.5, 0.1, -0.1, 0.8, 6, 6),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
