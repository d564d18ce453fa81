using System.Globalization;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Conversion;
using Hpc.Simd.Filters;
using Hpc.Simd.Geometry;
using Hpc.Simd.Tests.Geometry;

namespace Hpc.Simd.Tests.Fuzz;

/// <summary>
/// One random differential case: a kernel, its parameters and a pitched source image, all a pure function of
/// (seed, index), so that a failure is replayed alone from those two numbers. The draws spread, at random, over what
/// the per-kernel tests pick by hand: every public kernel, any size from 1 to 600 with the engines' width classes
/// (28, 32, 64, 128, 512 and their neighbours) drawn often, sources of 0/255 only (the saturating ends), degenerate,
/// subnormal and huge coefficients, angles a hair away from the quarter turns, translations far outside, radii past
/// the box radius 0 range and extreme normalisations.
/// </summary>
internal sealed class FuzzCase
{
    private static readonly int[] Widths = [1, 2, 3, 7, 8, 15, 16, 17, 27, 28, 29, 31, 32, 33, 48, 63, 64, 65, 96, 127, 128, 129, 255, 256, 257, 511, 512, 513];

    /// <summary>Around the VBMI engines' exact-scaling range (1e-250 .. 1e12), and into the subnormals.</summary>
    private static readonly double[] Extremes = [4.9e-324, 1e-310, 1e-300, 0.99e-250, 1e-250, 1e12, 1.01e12, 1e15];

    private readonly AllPaths.OnPath? image;
    private readonly Func<ReadOnlySpan2D<byte>, SimdPath, ushort[]>? tensor;
    private readonly int dstWidth;
    private readonly int dstHeight;

    private FuzzCase(string description, PitchedImage source, int dstWidth, int dstHeight, AllPaths.OnPath image)
    {
        Description = description;
        Source = source;
        this.dstWidth = dstWidth;
        this.dstHeight = dstHeight;
        this.image = image;
    }

    private FuzzCase(string description, PitchedImage source, Func<ReadOnlySpan2D<byte>, SimdPath, ushort[]> tensor)
    {
        Description = description;
        Source = source;
        this.tensor = tensor;
    }

    public string Description { get; }

    public string Kernel { get; private set; } = "";

    public PitchedImage Source { get; }

    /// <summary>The kernels a case draws from, each equally often.</summary>
    public static IReadOnlyList<string> Kernels { get; } =
        ["rotate", "shear", "affine", "fused", "scale-translate", "sine", "blur", "sharpen", "smooth", "float32", "float16", "bfloat16"];

    public static FuzzCase Create(int seed, int index)
    {
        // Not HashCode.Combine: it is salted per process, and a case must come out the same in a replay.
        var random = new Random(unchecked((seed * 1_000_003) + index));
        string kernel = Kernels[random.Next(Kernels.Count)];
        FuzzCase made = Draw(random, kernel);
        made.Kernel = kernel;
        return made;
    }

    private static FuzzCase Draw(Random random, string kernel)
    {
        int w = Dimension(random), h = Dimension(random);
        int pitch = random.Next(4) == 0 ? 0 : random.Next(1, 70);
        PitchedImage src = Image(random, w, h, pitch);
        string size = string.Create(CultureInfo.InvariantCulture, $"{w}x{h} (pitch +{pitch})");
        switch (kernel)
        {
            case "rotate":
                {
                    double angle = Angle(random);
                    Interpolation interpolation = Interpolations(random);
                    return OnImage(Describe($"Rotate {size}, {angle:R} degrees, {interpolation}"), src, w, h, (s, d, p) => Rotate.Apply(s, d, angle, interpolation, p));
                }

            case "shear":
                {
                    double sx = Coefficient(random), sy = Coefficient(random);
                    Interpolation interpolation = Interpolations(random);
                    return OnImage(Describe($"Shear {size}, ({sx:R}, {sy:R}), {interpolation}"), src, w, h, (s, d, p) => Shear.Apply(s, d, sx, sy, interpolation, p));
                }

            case "affine":
                {
                    var m = new AffineMatrix(Coefficient(random), Coefficient(random), Translation(random, w), Coefficient(random), Coefficient(random), Translation(random, h));
                    Interpolation interpolation = Interpolations(random);
                    byte fill = (byte)random.Next(256);
                    int dw = Dimension(random), dh = Dimension(random);
                    return OnImage(Describe($"Affine {size} -> {dw}x{dh}, {m}, {interpolation}, fill {fill}"), src, dw, dh, (s, d, p) => Affine.Apply(s, d, m, interpolation, p, fill));
                }

            case "fused":
                {
                    double angle = Angle(random), sx = random.NextDouble() - 0.5, sy = random.NextDouble() - 0.5;
                    double scale = random.Next(8) == 0 ? Math.Exp((random.NextDouble() * 8) - 4) : 0.5 + random.NextDouble();
                    double ox = (random.NextDouble() - 0.5) * w, oy = (random.NextDouble() - 0.5) * h;
                    byte fill = (byte)random.Next(256);
                    int dw = random.Next(2) == 0 ? w : Dimension(random), dh = random.Next(2) == 0 ? h : Dimension(random);
                    return OnImage(
                        Describe($"FusedAffine {size} -> {dw}x{dh}, angle {angle:R}, shear ({sx:R}, {sy:R}), scale {scale:R}, offset ({ox:R}, {oy:R}), fill {fill}"),
                        src, dw, dh, (s, d, p) => FusedAffine.Apply(s, d, angle, sx, sy, scale, ox, oy, p, fill));
                }

            case "scale-translate":
                {
                    int tw = random.Next(1, (2 * w) + 2), th = random.Next(1, (2 * h) + 2);
                    int ox = random.Next(-w, w + 1), oy = random.Next(-h, h + 1);
                    return OnImage(Describe($"ScaleTranslate {size} to {tw}x{th} at ({ox}, {oy})"), src, w, h, (s, d, p) => ScaleTranslate.Apply(s, d, tw, th, ox, oy, p));
                }

            case "sine":
                {
                    double amplitude = (random.NextDouble() - 0.5) * (random.Next(4) == 0 ? 20 : 2);
                    double frequency = random.NextDouble() * (random.Next(4) == 0 ? 5 : 0.2);
                    return OnImage(Describe($"SineWarp {size}, amplitude {amplitude:R}, frequency {frequency:R}"), src, w, h, (s, d, p) => SineWarp.Apply(s, d, amplitude, frequency, p));
                }

            case "blur":
                {
                    float radius = random.Next(10) == 0 ? 0f : (float)(random.Next(3) == 0 ? random.NextDouble() * 6 : 0.4 + random.NextDouble());
                    return OnImage(Describe($"GaussianBlur {size}, radius {radius:R}"), src, w, h, (s, d, p) => GaussianBlur.Apply(s, d, radius, p));
                }

            case "sharpen":
                return OnImage(Describe($"Sharpen {size}"), src, w, h, (s, d, p) => Sharpen.Apply(s, d, p));

            case "smooth":
                return OnImage(Describe($"Smooth {size}"), src, w, h, (s, d, p) => Smooth.Apply(s, d, p));

            default:
                {
                    Normalization n = Normalizations(random);
                    return new FuzzCase(Describe($"To {kernel} {size}, {n}"), src, (s, p) => Convert(kernel, s, n, p));
                }
        }
    }

    /// <summary>
    /// Runs the case on every path this process accelerates: null when each matches the scalar reference bit for bit
    /// and wrote nothing outside its destination, else what differs.
    /// </summary>
    public string? Mismatch()
    {
        try
        {
            if (image is not null)
            {
                AllPaths.MatchScalar(Source, dstWidth, dstHeight, Description, (s, d) => image(s, d, SimdPath.Scalar), image);
                return null;
            }

            ushort[] want = tensor!(Source.Span, SimdPath.Scalar);
            foreach (SimdPath path in SimdDispatch.Supported)
            {
                ushort[] got = tensor(Source.Span, path);
                int at = got.AsSpan().CommonPrefixLength(want);
                if (at < got.Length)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{Description}, {path}: word {at - Guard} is 0x{got[at]:X4}, scalar gives 0x{want[at]:X4}.");
                }
            }

            return null;
        }
        catch (Xunit.Sdk.XunitException e)
        {
            // AllPaths' message already names the case.
            return e.Message;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A kernel that threw on arguments another path (or the scalar reference) accepted.
            return $"{Description}: {e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Elements either side of a tensor that must keep their fill.</summary>
    private const int Guard = 4;

    private static ushort[] Convert(string kernel, ReadOnlySpan2D<byte> src, Normalization n, SimdPath path)
    {
        int count = src.Width * src.Height;
        int words = kernel == "float32" ? 2 * count : count;
        var buffer = new ushort[words + (2 * Guard)];
        Array.Fill(buffer, (ushort)0xA5A5);
        Span<ushort> inside = buffer.AsSpan(Guard, words);
        switch (kernel)
        {
            case "float32":
                ToTensor.ToFloat32(src, MemoryMarshal.Cast<ushort, float>(inside), n, path);
                break;
            case "float16":
                ToTensor.ToFloat16(src, MemoryMarshal.Cast<ushort, Half>(inside), n, path);
                break;
            default:
                ToTensor.ToBFloat16(src, inside, n, path);
                break;
        }

        return buffer;
    }

    private static FuzzCase OnImage(string description, PitchedImage src, int dw, int dh, AllPaths.OnPath run) =>
        new(description, src, dw, dh, run);

    private static string Describe(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int Dimension(Random random) => random.Next(10) switch
    {
        < 4 => random.Next(1, 70),
        < 6 => Widths[random.Next(Widths.Length)],
        < 9 => random.Next(1, 200),
        _ => random.Next(1, 600),
    };

    private static PitchedImage Image(Random random, int w, int h, int pitch)
    {
        var image = new PitchedImage(w, h, pitch);
        switch (random.Next(6))
        {
            case 0:
                Array.Fill(image.Buffer, (byte)(random.Next(2) * 255));
                break;
            case 1:
                for (int i = 0; i < image.Buffer.Length; i++)
                {
                    image.Buffer[i] = (byte)(random.Next(2) * 255);
                }

                break;
            default:
                random.NextBytes(image.Buffer);
                break;
        }

        return image;
    }

    private static Interpolation Interpolations(Random random) => random.Next(2) == 0 ? Interpolation.Nearest : Interpolation.Bilinear;

    private static double Angle(Random random) => random.Next(6) switch
    {
        0 => new[] { 0.0, 90, -90, 180, -180, 270, 360, 45, -45 }[random.Next(9)],
        1 => (random.Next(-4, 5) * 90) + ((random.NextDouble() - 0.5) * 1e-6),
        2 => (random.NextDouble() - 0.5) * 40,
        _ => (random.NextDouble() - 0.5) * 720,
    };

    private static double Coefficient(Random random) => random.Next(9) switch
    {
        0 => 0,
        1 => (random.NextDouble() - 0.5) * 1e-6,
        8 => Extremes[random.Next(Extremes.Length)] * (random.Next(2) == 0 ? 1 : -1),
        2 => (random.NextDouble() - 0.5) * 100,
        3 => random.Next(-2, 3),
        _ => (random.NextDouble() - 0.5) * 4,
    };

    private static double Translation(Random random, int size) => random.Next(6) switch
    {
        0 => 0,
        1 => (random.NextDouble() - 0.5) * 1e7,
        _ => (random.NextDouble() - 0.5) * 4 * size,
    };

    private static Normalization Normalizations(Random random) => random.Next(5) switch
    {
        0 => Normalization.UnitRange,
        1 => new Normalization(1f / 255f, 0.5f, 0.5f),
        2 => new Normalization((float)(random.NextDouble() * 1e5), (float)((random.NextDouble() - 0.5) * 1e5), (float)((random.NextDouble() * 10) + 1e-3)),
        3 => new Normalization((float)Math.Exp((random.NextDouble() - 0.5) * 40), (float)((random.NextDouble() - 0.5) * 4), (float)Math.Exp((random.NextDouble() - 0.5) * 40)),
        _ => new Normalization(1f / 255f, (float)random.NextDouble(), (float)(0.05 + random.NextDouble())),
    };
}
