using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The VBMI nearest engine forms each lane's integer coordinates in 16-bit lanes from the tile origin and per-lane
/// parts with a carry, and leaves rows outside the source to the byte packs' saturation. These cases aim at where
/// that could go wrong: the small rotations and shears of augmentation, and rotations up to a half turn (which take
/// the tallest tiles), translated so that tiles cross every edge of
/// the source, with a fill that is not zero (a lane one row below the source must get the fill, not a zero row),
/// origins whose fraction bits sit at the carry boundary, and integer parts far from the source. Each is compared bit for bit with the scalar reference on every path.
/// </summary>
[Trait("Category", "Isa")]
public class AffineNearestVbmiTests
{
    private static readonly (int Width, int Height)[] Sizes = [(28, 28), (64, 64), (17, 9), (32, 5), (63, 40), (100, 40), (128, 7)];

    [Fact]
    public void SmallRotationsAndShearsAcrossEveryEdgeMatchScalar() => RotationsAndShearsAcrossEveryEdgeMatchScalar(17, 15, 60);

    /// <summary>Rotations up to a half turn: the engine takes them in tiles, whose rows stay few at any angle.</summary>
    [Fact]
    public void SteepRotationsAndShearsAcrossEveryEdgeMatchScalar() => RotationsAndShearsAcrossEveryEdgeMatchScalar(19, 180, 30);

    [Fact]
    public void SteepRotationsOfLoaderImagesTakeTheEngine()
    {
        var dst = new Span2D<byte>(new byte[64 * 64], 64, 64);
        var src = new ReadOnlySpan2D<byte>(new byte[64 * 64], 64, 64);
        foreach (double angle in new[] { 20.0, 30, 45, 60, 80, 135 })
        {
            FixedAffine f = FixedAffine.From(AffineMatrix.PillowRotate(angle, 64, 64));
            Assert.Equal(System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported, AffineNearestVbmi.TileHeight(src, dst, f) > 0);
        }
    }

    private static void RotationsAndShearsAcrossEveryEdgeMatchScalar(int seed, double maxDegrees, int count)
    {
        var rng = new Random(seed);
        // Pitch 0 keeps the rows back to back, which narrow sources read four rows per permute; pitch 3 does not.
        foreach ((int w, int h, int pitch) in Sizes.SelectMany(s => new[] { (s.Width, s.Height, 0), (s.Width, s.Height, 3) }))
        {
            PitchedImage src = PitchedImage.Random(rng, w, h, pitch);
            for (int i = 0; i < count; i++)
            {
                double angle = (rng.NextDouble() - 0.5) * 2 * maxDegrees * Math.PI / 180;
                double shear = i % 3 == 0 ? (rng.NextDouble() - 0.5) * 0.5 : 0;
                // Offsets up to a third of the size either way: tiles hang over each edge in turn.
                var m = new AffineMatrix(
                    Math.Cos(angle), Math.Sin(angle) + shear, (rng.NextDouble() - 0.5) * w * 0.66,
                    -Math.Sin(angle), Math.Cos(angle), (rng.NextDouble() - 0.5) * h * 0.66);
                AssertMatchesScalar(src, w + rng.Next(-2, 3), h + rng.Next(-2, 3), m, (byte)rng.Next(1, 256));
            }
        }
    }

    public static TheoryData<double, double, double, double, double, double> Maps => new()
    {
        // Steps of exactly one 16.16 unit and origins one unit below a whole pixel: every lane's fraction sum lands
        // on or next to 2^16, where the carry decides the column or row.
        { 1 + (1.0 / 65536), 0, -1.0 / 65536, 1.0 / 65536, 1, -1.0 / 65536 },
        { 1 - (1.0 / 65536), 0.5 / 65536, 1.0 / 65536, -1.0 / 65536, 1 - (1.0 / 65536), 0 },
        { 1, 0.25, -0.5 + (1.0 / 131072), 0.125, 1, -0.5 - (1.0 / 131072) },
        // Whole-pixel steps: every fraction is the origin's, so either all lanes carry or none.
        { 1, 0, 0.49999, 0, 1, -0.49999 },
        { 1, 1, 3, 0, 1, -2 },
        // Far outside in both directions, close to the +-32768 px that Pillow's fixed mode allows: large integer
        // parts of either sign, and every pixel must be the fill.
        { 1, 0, 30000, 0.2, 1, -3 },
        { 1, 0, -3, 0.1, 1, 30000 },
        { 1, 0, 0, 0.1, 1, -30000 },
        // Past the fixed mode's limit: Pillow's float engine takes over, on every path alike.
        { 1, 0, 40000, 0.25, 1, 32760 },
    };

    [Theory]
    [MemberData(nameof(Maps))]
    public void EdgeCaseMapsMatchScalar(double a, double b, double c, double d, double e, double f)
    {
        var m = new AffineMatrix(a, b, c, d, e, f);
        foreach ((int w, int h) in Sizes)
        {
            var rng = new Random(w * h);
            foreach (int pitch in new[] { 0, 3 })
            {
                AssertMatchesScalar(PitchedImage.Random(rng, w, h, pitch), w + 1, h + 2, m, (byte)rng.Next(1, 256));
            }
        }
    }

    [Fact]
    public void SourcesTallerThanTheSixteenBitRowLimitLeaveTheEngine()
    {
        FixedAffine f = FixedAffine.From(AffineMatrix.PillowRotate(5, 16, 16));
        var dst = new Span2D<byte>(new byte[16 * 16], 16, 16);
        Assert.Equal(0, AffineNearestVbmi.TileHeight(new ReadOnlySpan2D<byte>(new byte[16 * 16385], 16385, 16), dst, f));
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported, AffineNearestVbmi.TileHeight(new ReadOnlySpan2D<byte>(new byte[16 * 16384], 16384, 16), dst, f) > 0);
    }

    /// <summary>
    /// Sources wider than 128 pixels take multi-row tiles that read a 64-byte window of each crossed row from the tile's
    /// leftmost tap: rotations and shears of wide images, destinations wider and narrower than the source (windows
    /// clamped at both ends of the rows), fills.
    /// </summary>
    [Fact]
    public void WideSourcesReadAWindowPerTile()
    {
        var rng = new Random(129);
        foreach (int w in new[] { 129, 150, 224, 256, 333, 600 })
        {
            int h = rng.Next(20, 130);
            PitchedImage src = PitchedImage.Random(rng, w, h, rng.Next(0, 5));
            foreach (double angle in new[] { 3.0, -7, 15, -33, 45, 60, 100, 180 })
            {
                AffineMatrix m = AffineMatrix.PillowRotate(angle, w, h);
                int dw = w + rng.Next(-30, 30), dh = h + rng.Next(-5, 5);
                Assert.Equal(System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported,
                    AffineNearestVbmi.TileHeight(src.Span, new Span2D<byte>(new byte[dw * dh], dh, dw), FixedAffine.From(m)) > 0);
                AssertMatchesScalar(src, dw, dh, m, (byte)rng.Next(256));
                AssertMatchesScalar(src, dw, dh, m.Then(AffineMatrix.Shear((rng.NextDouble() * 0.6) - 0.3, (rng.NextDouble() * 0.2) - 0.1)), (byte)rng.Next(256));
            }
        }
    }

    /// <summary>
    /// On a wide source a tile applies only while its taps span at most 62 columns: a zoom out by 8.7 along the rows
    /// (61.9 columns over an 8 x 8 tile) takes the engine, one by 9 (64) does not. A near-identity map, whose best shape
    /// on a narrow source is the one-row loop, takes two-row tiles here. All match the scalar reference.
    /// </summary>
    [Fact]
    public void WideSourcesLeaveTheEngineWhenTapsOutgrowTheWindow()
    {
        var rng = new Random(62);
        PitchedImage src = PitchedImage.Random(rng, 600, 40, 2);
        var inside = new AffineMatrix(8.7, 0, 0.25, 0, 1, 0);
        var outside = new AffineMatrix(9, 0, 0.25, 0, 1, 0);
        var nearIdentity = new AffineMatrix(1, 0, 3.5, 0, 1, 0);
        var dst = new Span2D<byte>(new byte[64 * 40], 40, 64);
        bool vbmi = System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported;
        Assert.Equal(vbmi ? 8 : 0, AffineNearestVbmi.TileHeight(src.Span, dst, FixedAffine.From(inside)));
        Assert.Equal(0, AffineNearestVbmi.TileHeight(src.Span, dst, FixedAffine.From(outside)));
        Assert.Equal(vbmi ? 2 : 0, AffineNearestVbmi.TileHeight(src.Span, dst, FixedAffine.From(nearIdentity)));
        AssertMatchesScalar(src, 71, 40, inside, 9);
        AssertMatchesScalar(src, 66, 40, outside, 9);
        AssertMatchesScalar(src, 300, 40, nearIdentity, 9);
    }

    private static void AssertMatchesScalar(PitchedImage src, int dw, int dh, AffineMatrix m, byte fill) =>
        AllPaths.MatchScalar(src, dw, dh, $"{m} fill {fill}",
            (s, d) => AffineScalar.Apply(s, d, m, Interpolation.Nearest, fill),
            (s, d, p) => Affine.Apply(s, d, m, Interpolation.Nearest, p, fill));
}
