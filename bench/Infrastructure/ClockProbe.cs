using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Hpc.Bench.Infrastructure;

/// <summary>
/// Measures the core clock the benchmarks really run at. The VM reports only the 2.1 GHz TSC; the core boosts
/// above it, so cycles/pixel at the TSC rate would flatter every kernel.
/// </summary>
internal static class ClockProbe
{
    /// <summary>The host's nominal TSC frequency (from lscpu), kept as the second, conservative scale.</summary>
    public const double NominalGhz = 2.1;

    // Not readonly and not a constant: the JIT must not fold the multiply chain into one multiply.
    private static ulong s_factor = 0x9E3779B97F4A7C15UL;

    public static double MeasuredGhz { get; } = Measure();

    private static double Measure()
    {
        // A chain of dependent 64-bit multiplies: 3 cycles latency each on every recent x86 core (Zen 2..5,
        // Skylake..), so elapsed time / (3 * multiplies) is one cycle. Best of many ~1.5 ms runs: even on a busy host
        // (CFS slices of several ms) some of them run unpreempted.
        const int Iterations = 200_000;
        const int MultipliesPerIteration = 8;
        const double LatencyCycles = 3;
        Chain(1000, s_factor); // JIT the loop before timing it
        var best = double.MaxValue;
        for (var rep = 0; rep < 300; rep++)
        {
            var sw = Stopwatch.StartNew();
            GC.KeepAlive(Chain(Iterations, s_factor));
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return Iterations * MultipliesPerIteration * LatencyCycles / best / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static ulong Chain(int iterations, ulong factor)
    {
        var x = (ulong)iterations | 1;
        for (var i = 0; i < iterations; i++)
        {
            x *= factor; x *= factor; x *= factor; x *= factor;
            x *= factor; x *= factor; x *= factor; x *= factor;
        }

        return x;
    }
}
