namespace Hpc.Loader.Tests;

public class PhiloxTests
{
    // Random123 tests/kat_vectors, the three "philox4x32 10" lines: ctr[4] key[2] -> result[4].
    [Theory]
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void MatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint r0, uint r1, uint r2, uint r3)
    {
        Assert.Equal((r0, r1, r2, r3), Philox4x32.Block(c0, c1, c2, c3, k0, k1));
    }

    [Fact]
    public void StreamIsAPureFunctionOfItsKey()
    {
        var a = new RngStream(42, 3, 1000, 5);
        var b = new RngStream(42, 3, 1000, 5);
        var c = new RngStream(42, 3, 1001, 5);
        ulong[] xa = [.. Enumerable.Range(0, 9).Select(_ => a.NextUInt64())];
        ulong[] xb = [.. Enumerable.Range(0, 9).Select(_ => b.NextUInt64())];
        ulong[] xc = [.. Enumerable.Range(0, 9).Select(_ => c.NextUInt64())];
        Assert.Equal(xa, xb);
        Assert.NotEqual(xa, xc);
    }

    [Fact]
    public void UniformIntegersStayInRangeAndCoverIt()
    {
        var seen = new int[7];
        for (int i = 0; i < 7000; i++)
        {
            var r = new RngStream(1, 0, i, 0);
            seen[r.NextInt(7)]++;
        }

        Assert.All(seen, n => Assert.InRange(n, 850, 1150));
        var s = new RngStream(9, 9, 9, 9);
        for (int i = 0; i < 1000; i++)
        {
            double d = s.Uniform(-15, 15);
            Assert.InRange(d, -15, 15);
        }
    }
}
