using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// <see cref="FixedLaneParts"/> against the scalar sums it stands for: for every lane of a tile, the integer part
/// (minus an origin) and the fraction of origin16 + column * perColumn + row * perRow in wrapping int32, modulo 2^16,
/// in the pack order the warps rely on. Random steps and origins, plus the carry boundary and int32 wrap-around.
/// </summary>
public class FixedLanePartsTests
{
    [Fact]
    public void LanesEqualTheScalarSumsInPackOrder()
    {
        if (!Avx512Vbmi.IsSupported)
        {
            // The type is only built on the VBMI paths; the warps' bit-exact tests cover the others.
            return;
        }

        var rng = new Random(5);
        int[] specials = [0, 1, 0xFFFF, 0x10000, -1, int.MaxValue, int.MinValue, 0x7FFF8000];
        for (int i = 0; i < 400; i++)
        {
            int tileWidth = 1 << rng.Next(3, 7);
            int perColumn = i < specials.Length ? specials[i] : rng.Next(int.MinValue, int.MaxValue);
            int perRow = rng.Next(4) == 0 ? specials[rng.Next(specials.Length)] : rng.Next(int.MinValue, int.MaxValue);
            int origin16 = i % 3 == 0 ? specials[rng.Next(specials.Length)] : rng.Next(int.MinValue, int.MaxValue);
            int origin = rng.Next(-40000, 40000);
            var parts = new FixedLaneParts(perColumn, perRow, tileWidth);
            parts.Integers(origin16, origin, out Vector512<short> a, out Vector512<short> b);
            parts.Fractions(origin16, out Vector512<ushort> fa, out Vector512<ushort> fb);
            for (int k = 0; k < 32; k++)
            {
                for (int half = 0; half < 2; half++)
                {
                    // Word k of register A is lane 16 * (k / 8) + k % 8; of register B, that lane + 8.
                    int lane = (16 * (k >> 3)) + (k & 7) + (8 * half);
                    int v = unchecked(origin16 + ((lane & (tileWidth - 1)) * perColumn) + ((lane / tileWidth) * perRow));
                    short integer = half == 0 ? a.GetElement(k) : b.GetElement(k);
                    ushort fraction = half == 0 ? fa.GetElement(k) : fb.GetElement(k);
                    Assert.True(integer == unchecked((short)((v >> 16) - origin)) && fraction == (ushort)v,
                        $"tile width {tileWidth}, steps {perColumn}/{perRow}, origin {origin16} - {origin}: lane {lane} has ({integer}, {fraction}), scalar ({unchecked((short)((v >> 16) - origin))}, {(ushort)v}).");
                }
            }
        }
    }
}
