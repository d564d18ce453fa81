using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Hpc.Bench.Infrastructure;

namespace Hpc.Bench.AB;

/// <summary>
/// The <c>ab</c> verb: this build's Hpc.Simd (B) against a baseline build (A) loaded into its own
/// <see cref="AssemblyLoadContext"/>, in one process, on the same input. Rounds alternate A and B, so both see the
/// same machine state; on a host whose speed drifts between processes (up to 2x an hour apart on the Intel VM of stop
/// 9) that is the only comparison that holds. Outputs are compared byte for byte first. Each side warms up for a few
/// seconds before any timing, so tiered compilation has promoted every method it will (a 0.2 s run measured the
/// kernels' wrappers at tier 0, and helper methods with loops stay there much longer).
/// </summary>
internal static class AbRunner
{
    /// <summary>Long enough for tiered compilation to promote the kernels and their helpers (see the summary).</summary>
    public const double DefaultWarmupSeconds = 2;

    private const int CallsPerBlock = 200;

    public static int Run(IReadOnlyList<string> args)
    {
        if (!VerbArguments.TryParse(args, AbOptions.Parse, out AbOptions options))
        {
            return 2;
        }

        if (options.Launches > 1)
        {
            return AbLaunches.Run(args, options.Launches);
        }

        string baselinePath = Directory.Exists(options.Baseline) ? Path.Combine(options.Baseline, "Hpc.Simd.dll") : options.Baseline;
        if (!File.Exists(baselinePath))
        {
            Console.Error.WriteLine($"--baseline: no Hpc.Simd.dll at {baselinePath}");
            return 2;
        }

        Assembly candidate = typeof(Hpc.Simd.SimdDispatch).Assembly;
        Assembly baseline = new BaselineContext(baselinePath).LoadFromAssemblyPath(Path.GetFullPath(baselinePath));
        if (baseline.GetName().Name != candidate.GetName().Name)
        {
            Console.Error.WriteLine($"--baseline: {baselinePath} is {baseline.GetName().Name}, not Hpc.Simd");
            return 2;
        }

        Console.WriteLine($"ab: A = {baselinePath}, B = {candidate.Location}; {options.Rounds} alternating rounds of {CallsPerBlock} calls per side after {options.WarmupSeconds:F1} s of warm-up");
        Console.WriteLine();
        Console.WriteLine("| op | size | A min ns/call | B min ns/call | B/A (mins) | B/A (median of round pairs) | outputs |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        bool allSame = true;
        foreach (int n in options.Sizes)
        {
            var source = new byte[n * n];
            new Random(n).NextBytes(source);
            foreach (string op in options.Ops)
            {
                var outA = new byte[n * n];
                var outB = new byte[n * n];
                Action[] a, b;
                try
                {
                    a = AbOps.Bind(baseline, op, source, outA, n);
                    b = AbOps.Bind(candidate, op, source, outB, n);
                }
                catch (Exception e) when (e is TypeLoadException or InvalidOperationException or ArgumentException or FileNotFoundException)
                {
                    // A build from before an op existed, or with another signature for it.
                    Console.Error.WriteLine($"ab: cannot bind {op} in both builds ({baselinePath}, {candidate.Location}): {e.Message}");
                    return 2;
                }

                bool same = true;
                for (int k = 0; k < a.Length; k++)
                {
                    a[k]();
                    b[k]();
                    same &= outA.AsSpan().SequenceEqual(outB);
                }

                allSame &= same;
                (double minA, double minB, double medianRatio) = Alternate(() => Block(a), () => Block(b), options.WarmupSeconds, options.Rounds);
                Console.WriteLine($"| {op} | {n} | {minA:N0} | {minB:N0} | {minB / minA:F3} | {medianRatio:F3} | {(same ? "identical" : "DIFFER")} |");
            }
        }

        return allSame ? 0 : 1;
    }

    /// <summary>
    /// Warms both sides up for <paramref name="warmupSeconds"/>, then times <paramref name="rounds"/> alternating pairs
    /// of blocks (each returns its ns per call): each side's minimum and the median of the per-round ratios B/A.
    /// </summary>
    internal static (double MinA, double MinB, double MedianRatio) Alternate(Func<double> a, Func<double> b, double warmupSeconds, int rounds)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < warmupSeconds)
        {
            a();
            b();
        }

        double minA = double.MaxValue, minB = double.MaxValue;
        var ratios = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            double ta = a(), tb = b();
            minA = Math.Min(minA, ta);
            minB = Math.Min(minB, tb);
            ratios[r] = tb / ta;
        }

        Array.Sort(ratios);
        return (minA, minB, ratios[rounds / 2]);
    }

    /// <summary>Nanoseconds per call, averaged over one block of calls cycling through the op's parameter sets.</summary>
    internal static double Block(Action[] calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < CallsPerBlock; i++)
        {
            calls[i % calls.Length]();
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / CallsPerBlock;
    }

    /// <summary>
    /// Loads the baseline Hpc.Simd, and the Hpc.Loader beside it for the policy op; everything else (the toolkit's
    /// span types above all) comes from the default context.
    /// </summary>
    private sealed class BaselineContext(string path) : AssemblyLoadContext($"ab baseline {path}")
    {
        protected override Assembly? Load(AssemblyName name) => name.Name switch
        {
            "Hpc.Simd" => LoadFromAssemblyPath(Path.GetFullPath(path)),
            "Hpc.Loader" => LoadFromAssemblyPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "Hpc.Loader.dll")),
            _ => null,
        };
    }
}
