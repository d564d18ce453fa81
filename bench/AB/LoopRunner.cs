using System.Diagnostics;
using System.Globalization;
using Hpc.Bench.Infrastructure;

namespace Hpc.Bench.AB;

/// <summary>
/// The <c>loop</c> verb: one op of this build, called for a fixed time after a warm-up, for a sampling profiler to
/// attach to (<c>bench/profile.sh</c>). Prints the minimum ns per call over blocks of 200 calls.
/// </summary>
internal static class LoopRunner
{
    private const string Usage = "usage: loop --op NAME [--size PX] [--seconds S]; ops: " + AbOps.Names;

    public static int Run(IReadOnlyList<string> args)
    {
        if (!VerbArguments.TryParse(args, Parse, out (string Op, int Size, double Seconds) options))
        {
            return 2;
        }

        int n = options.Size;
        var source = new byte[n * n];
        new Random(n).NextBytes(source);
        Action[] calls = AbOps.Bind(typeof(Hpc.Simd.SimdDispatch).Assembly, options.Op, source, new byte[n * n], n);
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < AbRunner.DefaultWarmupSeconds)
        {
            AbRunner.Block(calls);
        }

        // The profiler reads the JIT's code once the warm-up is over; this line tells it when.
        Console.WriteLine($"loop: {options.Op} at {n}x{n} for {options.Seconds:F1} s (warm)");
        double best = double.MaxValue;
        var run = Stopwatch.StartNew();
        while (run.Elapsed.TotalSeconds < options.Seconds)
        {
            best = Math.Min(best, AbRunner.Block(calls));
        }

        Console.WriteLine($"loop: {best:N0} ns per call (minimum of 200-call blocks)");
        return 0;
    }

    private static (string Op, int Size, double Seconds) Parse(IReadOnlyList<string> args)
    {
        var options = VerbArguments.Fold(args, (Op: "", Size: 64, Seconds: 6.0), Apply, Usage);
        return options.Op.Length > 0 ? options : throw new ArgumentException($"--op is required. {Usage}", nameof(args));
    }

    private static (string Op, int Size, double Seconds) Apply((string Op, int Size, double Seconds) o, string name, string value) => name switch
    {
        "--op" => o with { Op = AbOps.Check(value) },
        "--size" => o with { Size = VerbArguments.Positive(int.Parse(value, CultureInfo.InvariantCulture), name) },
        "--seconds" => o with { Seconds = VerbArguments.Positive(double.Parse(value, CultureInfo.InvariantCulture), name) },
        _ => throw new ArgumentException($"Unknown option {name}. {Usage}", name),
    };
}
