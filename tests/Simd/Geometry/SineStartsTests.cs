using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// <see cref="SineStarts"/> on every lane width this machine runs, against the contract, column by column: its start rows must be
/// <c>StartRow(Shift(x))</c> exactly. The cases aim at its shortcuts: frequencies whose columns land on the sine's
/// zeros (k/20, k/64) and at theta = 0, amplitudes below one pixel (every shift 0) and around whole pixels, and
/// amplitudes beyond the height, where the start rows leave the one-height fast path; and rows thousands of columns
/// wide, whose later blocks are many turns away from the first.
/// </summary>
public class SineStartsTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(128)]
    public void StartRowsEqualTheContractShifts(int bits)
    {
        SineStartsRun? run = bits switch
        {
            512 when Avx512F.IsSupported && Vector512.IsHardwareAccelerated => SineStarts.Run<SineLanes512>,
            256 when Avx.IsSupported && Vector256.IsHardwareAccelerated => SineStarts.Run<SineLanes256>,
            128 when Sse2.IsSupported && Vector128.IsHardwareAccelerated => SineStarts.Run<SineLanes128>,
            _ => null,
        };
        if (run is null)
        {
            // The ISA legs that disable these lanes run the rest; the warps' bit-exact tests cover every path.
            return;
        }

        var rng = new Random(21);
        double[] amplitudes = [0, 0.1, 0.5, 0.999, 1, 1.5, 2, 3, 4, 17.25, 64, 300, 2000, -3, -0.7];
        int checkedColumns = 0;
        for (int i = 0; i < 3000; i++)
        {
            // Some rows thousands of columns wide: the later blocks come from many turns of the first.
            int width = i % 40 == 0 ? rng.Next(500, 5000) : rng.Next(1, 200), height = rng.Next(1, 160);
            double amplitude = i < amplitudes.Length * 4 ? amplitudes[i % amplitudes.Length] : (rng.NextDouble() - 0.3) * (i % 7 == 0 ? 600 : 8);
            double frequency = (i % 4) switch
            {
                0 => rng.Next(0, 40) / 20.0,
                1 => rng.Next(0, 128) / 64.0,
                2 => 0,
                _ => rng.NextDouble() * 0.6,
            };
            if (i % 5 == 4 && frequency != 0)
            {
                // Put one column's product on (or an ulp beside) the integer k, 1 included: the truncation the fast
                // path must leave to the contract.
                int x = rng.Next(0, width);
                double sine = Math.Sin(-2 * Math.PI * x * frequency);
                if (Math.Abs(sine) > 1e-3)
                {
                    amplitude = rng.Next(1, 4) / sine;
                    amplitude = (i % 3) switch { 0 => Math.BitIncrement(amplitude), 1 => Math.BitDecrement(amplitude), _ => amplitude };
                }
            }
            var starts = new int[SineStarts.PaddedLength(width)];
            run(starts, width, height, amplitude, frequency);
            for (int x = 0; x < width; x++)
            {
                int expected = SineWarp.StartRow(SineWarp.Shift(x, amplitude, frequency), height);
                Assert.True(expected == starts[x], $"x {x}, height {height}, amplitude {amplitude}, frequency {frequency}: {starts[x]}, contract {expected}");
                checkedColumns++;
            }
        }

        Assert.True(checkedColumns > 100_000, $"{checkedColumns} columns");
    }

    [Fact]
    public void AShortSpanIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => SineStarts.Run<SineLanes128>(new int[8], 9, 10, 3, 0.1));
        Assert.Equal("starts", error.ParamName);
    }

    private delegate void SineStartsRun(Span<int> starts, int width, int height, double amplitude, double frequency);
}
