using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Hpc.Bench.Infrastructure;
using Hpc.Bench.Kernels;
using Hpc.Simd;

namespace Hpc.Bench.AB;

/// <summary>
/// The <c>twin</c> verb: each kernel benchmark's case (the same classes, parameters and images as the suite) with its
/// scalar reference twin and its kernel on the best path alternating in one process, so both see the same machine
/// state. The suite runs every case in its own process, and on a host with slow phases that last minutes a reference
/// and its kernel measured minutes apart put rotate nearest at 6.8x, 9.2x and 10.6x its twin in three runs
/// (bench/RESULTS.md, stop 19); here the ratio of the two minimums and the median of the per-round ratios agree.
/// The warm-up is longer than <c>ab</c>'s: the first case of a process measured its reference at tier 0 after 2 s
/// (3-4x slow), since every class's first calls start new methods at tier 0 and tiering waits for them.
/// </summary>
internal static class TwinRunner
{
    private const string Usage = "usage: twin [--filter Rotate,FusedAffine] [--sizes 28,64] [--rounds N] [--warmup SECONDS] [--launches N]; " +
        "--filter takes substrings of the kernel benchmark classes' names";

    private const int CallsPerBlock = 20;

    private const double DefaultWarmupSeconds = 5;

    public static int Run(IReadOnlyList<string> args)
    {
        if (!VerbArguments.TryParse(args, Parse, out Options options))
        {
            return 2;
        }

        if (options.Launches > 1)
        {
            return AbLaunches.Run(args, options.Launches, "twin");
        }

        SimdPath path = SimdDispatch.Best;
        Type[] benches = [.. typeof(KernelBenchBase).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(KernelBenchBase)) && !t.IsAbstract)
            .Where(t => options.Filters.Length == 0 || options.Filters.Any(f => t.Name.Contains(f, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];
        if (benches.Length == 0)
        {
            Console.Error.WriteLine($"--filter: no kernel benchmark class matches {string.Join(',', options.Filters)}");
            return 2;
        }

        Console.WriteLine($"twin: reference and {path} kernel alternate, {options.Rounds} rounds of {CallsPerBlock} calls each after {options.WarmupSeconds:F1} s of warm-up");
        Console.WriteLine();
        Console.WriteLine("| kernel | case | reference min ns | kernel min ns | reference / kernel (mins) | median of round ratios |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (Type type in benches)
        {
            foreach (var setting in Cases(type, options.Sizes))
            {
                using var bench = (KernelBenchBase)Activator.CreateInstance(type)!;
                foreach ((PropertyInfo property, object value) in setting)
                {
                    property.SetValue(bench, value);
                }

                bench.Setup();
                Action reference = bench.Reference;
                Action kernel = path switch
                {
                    SimdPath.Vector512 => bench.Vector512,
                    SimdPath.Vector256 => bench.Vector256,
                    SimdPath.Vector128 => bench.Vector128,
                    _ => bench.Scalar,
                };

                // Alternate's ratio is B/A, kernel over reference; the table prints its inverse, the speed-up.
                (double minReference, double minKernel, double medianRatio) =
                    AbRunner.Alternate(() => Block(reference), () => Block(kernel), options.WarmupSeconds, options.Rounds);
                string name = string.Join(' ', setting.Select(s => $"{s.Property.Name}={Convert.ToString(s.Value, CultureInfo.InvariantCulture)}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {type.Name.Replace("Bench", "", StringComparison.Ordinal)} | {name} | {minReference:N0} | {minKernel:N0} | {minReference / minKernel:F1}x | {1 / medianRatio:F1}x |"));
            }
        }

        return 0;
    }

    /// <summary>
    /// Nanoseconds per call over one block, from the raw timestamps: a TimeSpan counts 100 ns ticks, which over 20
    /// calls rounded the conversions (35-100 ns) to 5 ns steps.
    /// </summary>
    private static double Block(Action call)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < CallsPerBlock; i++)
        {
            call();
        }

        return (Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency) / CallsPerBlock;
    }

    /// <summary>Every combination of the class's <c>[Params]</c> values, Size limited to <paramref name="sizes"/>.</summary>
    private static IEnumerable<(PropertyInfo Property, object Value)[]> Cases(Type type, int[] sizes)
    {
        IEnumerable<(PropertyInfo Property, object Value)[]> cases = [[]];
        foreach (PropertyInfo property in type.GetProperties().OrderBy(p => p.Name == nameof(KernelBenchBase.Size) ? 1 : 0))
        {
            if (property.GetCustomAttribute<ParamsAttribute>() is not { } attribute)
            {
                continue;
            }

            object[] values = property.Name == nameof(KernelBenchBase.Size)
                ? [.. attribute.Values.Where(v => v is int size && sizes.Contains(size)).Select(v => v!)]
                : [.. attribute.Values.Select(v => v!)];
            cases = [.. cases.SelectMany(c => values.Select(v => c.Append((property, v)).ToArray()))];
        }

        return cases;
    }

    private sealed record Options(string[] Filters, int[] Sizes, int Rounds, double WarmupSeconds, int Launches);

    private static Options Parse(IReadOnlyList<string> args) =>
        VerbArguments.Fold(args, new Options([], [28, 64], 20, DefaultWarmupSeconds, 1), Apply, Usage);

    private static Options Apply(Options options, string name, string value) => name switch
    {
        "--filter" => options with { Filters = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
        "--sizes" => options with { Sizes = [.. value.Split(',').Select(s => VerbArguments.Positive(int.Parse(s, CultureInfo.InvariantCulture), name))] },
        "--rounds" => options with { Rounds = VerbArguments.Positive(int.Parse(value, CultureInfo.InvariantCulture), name) },
        "--warmup" => options with
        {
            WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture) is var s && double.IsFinite(s) && s >= 0
                ? s
                : throw new ArgumentOutOfRangeException(name, value, "must be a finite number of seconds, at least 0"),
        },
        "--launches" => options with { Launches = VerbArguments.Positive(int.Parse(value, CultureInfo.InvariantCulture), name) },
        _ => throw new ArgumentException($"Unknown option {name}. {Usage}", name),
    };
}
