using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// Bad arguments throw an ArgumentException naming the argument, before anything is written to dst (and, for a
/// destination overlapping the source, before anything is written to the shared buffer).
/// </summary>
public class GeometryArgumentTests
{
    private delegate void Call(ReadOnlySpan2D<byte> src, Span2D<byte> dst);

    public static TheoryData<string, string> Cases => new()
    {
        { "affine-empty-src", "src" }, { "affine-empty-dst", "dst" }, { "affine-nan", "m" }, { "affine-inf", "m" },
        { "affine-interp", "interpolation" }, { "rotate-size", "dst" }, { "rotate-nan", "angleDegrees" },
        { "rotate-inf", "angleDegrees" }, { "shear-nan-x", "shearX" }, { "shear-inf-y", "shearY" },
        { "st-width", "width" }, { "st-height", "height" }, { "st-empty-src", "src" }, { "sine-size", "dst" },
        { "sine-amp", "amplitude" }, { "sine-freq", "frequency" }, { "fused-scale0", "scale" }, { "fused-scale-neg", "scale" },
        { "fused-nan-angle", "angleDegrees" }, { "fused-offset", "offsetY" }, { "fused-empty-dst", "dst" },
        { "affine-overlap", "dst" }, { "rotate-overlap", "dst" }, { "shear-overlap", "dst" }, { "st-overlap", "dst" },
        { "sine-overlap", "dst" }, { "fused-overlap", "dst" }, { "st-width-huge", "width" }, { "st-height-huge", "height" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThrowsNamingTheArgumentAndLeavesDstUntouched(string which, string parameter)
    {
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            // Nine rows: an overlapping destination is the source moved down by one row (rows 1-8 over rows 0-7).
            var srcBuffer = new byte[9 * 8];
            new Random(1).NextBytes(srcBuffer);
            byte[] original = (byte[])srcBuffer.Clone();
            var dstBuffer = new byte[8 * 8];
            Array.Fill(dstBuffer, (byte)0x5A);
            Call call = Pick(which, path);
            bool emptySrc = which.EndsWith("empty-src", StringComparison.Ordinal);
            bool smallDst = which.EndsWith("-size", StringComparison.Ordinal);
            bool emptyDst = which.EndsWith("empty-dst", StringComparison.Ordinal);
            bool overlap = which.EndsWith("-overlap", StringComparison.Ordinal);
            ArgumentException e = Assert.ThrowsAny<ArgumentException>(() =>
            {
                var s = new ReadOnlySpan2D<byte>(srcBuffer, emptySrc ? 0 : 8, 8);
                var d = overlap ? new Span2D<byte>(srcBuffer, 8, 8, 8, 0) : new Span2D<byte>(dstBuffer, emptyDst ? 0 : smallDst ? 7 : 8, 8);
                call(s, d);
            });
            Assert.Equal(parameter, e.ParamName);
            Assert.All(dstBuffer, b => Assert.Equal(0x5A, b));
            Assert.Equal(original, srcBuffer);
        }
    }

    [Fact]
    public void ImagesThatOnlyTouchAreNotAnOverlap()
    {
        // The destination starts at the byte after the source's last one; one byte earlier, they overlap.
        var buffer = new byte[(8 * 8) + (8 * 8)];
        new Random(2).NextBytes(buffer);
        var src = new ReadOnlySpan2D<byte>(buffer, 0, 8, 8, 0);
        Rotate.Apply(src, new Span2D<byte>(buffer, 64, 8, 8, 0), 15, Interpolation.Bilinear);
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() =>
            Rotate.Apply(new ReadOnlySpan2D<byte>(buffer, 0, 8, 8, 0), new Span2D<byte>(buffer, 63, 8, 8, 0), 15, Interpolation.Bilinear));
        Assert.Equal("dst", e.ParamName);
    }

    [Fact]
    public void UnsupportedPathThrowsNotSupported()
    {
        if (SimdDispatch.Best == SimdPath.Vector512)
        {
            return;
        }

        var buffer = new byte[16];
        Assert.Throws<NotSupportedException>(() =>
            SineWarp.Apply(new ReadOnlySpan2D<byte>(buffer, 4, 4), new Span2D<byte>(new byte[16], 4, 4), 1, 0.1, SimdPath.Vector512));
    }

    private static Call Pick(string which, SimdPath path) => which switch
    {
        "affine-empty-src" or "affine-empty-dst" => (s, d) => Affine.Apply(s, d, AffineMatrix.Identity, Interpolation.Nearest, path),
        "affine-overlap" => (s, d) => Affine.Apply(s, d, AffineMatrix.Shear(0.2, 0), Interpolation.Bilinear, path),
        "rotate-overlap" => (s, d) => Rotate.Apply(s, d, 15, Interpolation.Bilinear, path),
        "shear-overlap" => (s, d) => Shear.Apply(s, d, 0.2, 0.1, Interpolation.Nearest, path),
        "st-overlap" => (s, d) => ScaleTranslate.Apply(s, d, 5, 6, 1, 1, path),
        "sine-overlap" => (s, d) => SineWarp.Apply(s, d, 2, 0.1, path),
        "fused-overlap" => (s, d) => FusedAffine.Apply(s, d, 10, 0.1, 0, 0.9, 1, 0, path),
        "affine-nan" => (s, d) => Affine.Apply(s, d, new AffineMatrix(1, 0, double.NaN, 0, 1, 0), Interpolation.Nearest, path),
        "affine-inf" => (s, d) => Affine.Apply(s, d, new AffineMatrix(1, 0, 0, 0, double.PositiveInfinity, 0), Interpolation.Bilinear, path),
        "affine-interp" => (s, d) => Affine.Apply(s, d, AffineMatrix.Identity, (Interpolation)7, path),
        "rotate-size" => (s, d) => Rotate.Apply(s, d, 10, Interpolation.Nearest, path),
        "rotate-nan" => (s, d) => Rotate.Apply(s, d, double.NaN, Interpolation.Nearest, path),
        "rotate-inf" => (s, d) => Rotate.Apply(s, d, double.NegativeInfinity, Interpolation.Bilinear, path),
        "shear-nan-x" => (s, d) => Shear.Apply(s, d, double.NaN, 0, Interpolation.Nearest, path),
        "shear-inf-y" => (s, d) => Shear.Apply(s, d, 0, double.PositiveInfinity, Interpolation.Nearest, path),
        "st-width" => (s, d) => ScaleTranslate.Apply(s, d, 0, 4, 0, 0, path),
        "st-height" => (s, d) => ScaleTranslate.Apply(s, d, 4, -3, 0, 0, path),
        "st-empty-src" => (s, d) => ScaleTranslate.Apply(s, d, 4, 4, 0, 0, path),
        "st-width-huge" => (s, d) => ScaleTranslate.Apply(s, d, ScaleTranslate.MaxSize + 1, 4, -ScaleTranslate.MaxSize, 0, path),
        "st-height-huge" => (s, d) => ScaleTranslate.Apply(s, d, 4, int.MaxValue, 0, -2_000_000_000, path),
        "sine-size" => (s, d) => SineWarp.Apply(s, d, 2, 0.1, path),
        "sine-amp" => (s, d) => SineWarp.Apply(s, d, double.NaN, 0.1, path),
        "sine-freq" => (s, d) => SineWarp.Apply(s, d, 2, double.PositiveInfinity, path),
        "fused-scale0" => (s, d) => FusedAffine.Apply(s, d, 10, 0, 0, 0, 0, 0, path),
        "fused-scale-neg" => (s, d) => FusedAffine.Apply(s, d, 10, 0, 0, -1, 0, 0, path),
        "fused-nan-angle" => (s, d) => FusedAffine.Apply(s, d, double.NaN, 0, 0, 1, 0, 0, path),
        "fused-offset" => (s, d) => FusedAffine.Apply(s, d, 10, 0, 0, 1, 0, double.NaN, path),
        "fused-empty-dst" => (s, d) => FusedAffine.Apply(s, d, 10, 0, 0, 1, 0, 0, path),
        _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
    };
}
