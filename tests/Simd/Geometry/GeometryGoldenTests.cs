using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// Parity with Pillow 9.4 on fixed inputs (seeded random, glyph-like, 64x64, 28x28, 37x23 and, for the warps, 200x60
/// into destinations up to 600 wide: the engines' windows and strips): exact for nearest geometry, the sine roll and
/// the bicubic resize+paste; within +-1 grey level for bilinear, whose fixed-point weights (8 bits) differ from
/// Pillow's doubles. Every supported path is checked, with a pitched source.
/// </summary>
[Trait("Category", "Isa")]
public class GeometryGoldenTests
{
    private static readonly Dictionary<string, (int Width, int Height)> InputSizes = new()
    {
        ["rand64"] = (64, 64),
        ["glyph64"] = (64, 64),
        ["glyph28"] = (28, 28),
        ["rand37x23"] = (37, 23),
        ["glyph200x60"] = (200, 60),
    };

    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (GeometryCase c in GeometryCase.All)
            {
                data.Add(c.Case);
            }

            return data;
        }
    }

    [Fact]
    public void GoldenSetIsPresentAndCoversEveryKernel()
    {
        string[] ops = GeometryCase.All.Select(c => c.Op).Distinct().Order().ToArray();
        Assert.Equal(["affine", "rotate", "scaletranslate", "shear", "sinewarp"], ops);
        Assert.True(GeometryCase.All.Count > 100);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPillow(string name)
    {
        GeometryCase c = GeometryCase.All.Single(x => x.Case == name);
        (int w, int h) = InputSizes[c.Input];
        byte[] input = File.ReadAllBytes(Path.Combine(GeometryCase.Folder, $"in_{c.Input}.bin"));
        byte[] expected = File.ReadAllBytes(Path.Combine(GeometryCase.Folder, $"{c.Case}.bin"));
        Assert.Equal(w * h, input.Length);
        Assert.Equal(c.DstWidth * c.DstHeight, expected.Length);
        int tolerance = c.Interpolation == "bilinear" ? 1 : 0;

        foreach (SimdPath path in SimdDispatch.Supported)
        {
            PitchedImage src = PitchedImage.From(input, w, h, pitch: 5);
            var dst = new PitchedImage(c.DstWidth, c.DstHeight, pitch: 3);
            Run(c, src, dst, path);
            byte[] actual = dst.ToArray();
            int worst = 0;
            int worstAt = -1;
            for (int i = 0; i < expected.Length; i++)
            {
                int d = Math.Abs(actual[i] - expected[i]);
                if (d > worst)
                {
                    worst = d;
                    worstAt = i;
                }
            }

            Assert.True(worst <= tolerance,
                $"{c.Case} ({c.Op} {c.Interpolation} on {c.Input}, p=[{string.Join(", ", c.P)}]) on {path}: " +
                $"pixel ({worstAt % c.DstWidth}, {worstAt / c.DstWidth}) differs from Pillow by {worst} (allowed {tolerance}).");
        }
    }

    private static void Run(GeometryCase c, PitchedImage src, PitchedImage dst, SimdPath path)
    {
        Interpolation interp = c.Interpolation == "bilinear" ? Interpolation.Bilinear : Interpolation.Nearest;
        double[] p = c.P;
        switch (c.Op)
        {
            case "rotate":
                Rotate.Apply(src.Span, dst.Span, p[0], interp, path);
                break;
            case "shear":
                Shear.Apply(src.Span, dst.Span, p[0], p[1], interp, path);
                break;
            case "affine":
                Affine.Apply(src.Span, dst.Span, new AffineMatrix(p[0], p[1], p[2], p[3], p[4], p[5]), interp, path, c.Fill);
                break;
            case "scaletranslate":
                ScaleTranslate.Apply(src.Span, dst.Span, (int)p[0], (int)p[1], (int)p[2], (int)p[3], path);
                break;
            case "sinewarp":
                SineWarp.Apply(src.Span, dst.Span, p[0], p[1], path);
                break;
            default:
                throw new InvalidDataException($"Unknown op '{c.Op}' in cases.csv.");
        }
    }
}
