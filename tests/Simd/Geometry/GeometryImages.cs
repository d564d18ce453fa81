using System.Globalization;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>A byte image stored with a pitch inside a larger array, so tests exercise non-contiguous rows.</summary>
internal sealed class PitchedImage
{
    public PitchedImage(int width, int height, int pitch, int offset = 3)
    {
        Width = width;
        Height = height;
        Pitch = pitch;
        Offset = offset;
        Buffer = new byte[offset + (height * (width + pitch)) + 7];
    }

    public byte[] Buffer { get; }

    public int Width { get; }

    public int Height { get; }

    public int Pitch { get; }

    public int Offset { get; }

    public Span2D<byte> Span => new(Buffer, Offset, Height, Width, Pitch);

    public static PitchedImage Random(Random rng, int width, int height, int pitch)
    {
        var image = new PitchedImage(width, height, pitch);
        rng.NextBytes(image.Buffer);
        return image;
    }

    public static PitchedImage From(byte[] pixels, int width, int height, int pitch = 0)
    {
        var image = new PitchedImage(width, height, pitch);
        new Span2D<byte>(pixels, height, width).CopyTo(image.Span);
        return image;
    }

    public byte[] ToArray() => Span.ToArray().Cast<byte>().ToArray();
}

/// <summary>One Pillow golden case written by tests/Simd/Golden/make_geometry_golden.py.</summary>
public sealed record GeometryCase(string Case, string Op, string Input, string Interpolation, byte Fill, int DstWidth, int DstHeight, double[] P)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Golden", "geometry");

    public static IReadOnlyList<GeometryCase> All { get; } = Load();

    public override string ToString() => Case;

    private static List<GeometryCase> Load()
    {
        var cases = new List<GeometryCase>();
        foreach (string line in File.ReadLines(Path.Combine(Folder, "cases.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            cases.Add(new GeometryCase(f[0], f[1], f[2], f[3], byte.Parse(f[4], CultureInfo.InvariantCulture),
                int.Parse(f[5], CultureInfo.InvariantCulture), int.Parse(f[6], CultureInfo.InvariantCulture),
                f[7..].Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray()));
        }

        return cases;
    }
}
