using System.Globalization;
using Hpc.Bench.Infrastructure;

namespace Hpc.Bench.AB;

/// <summary>Command line of the <c>ab</c> verb. Unknown or malformed options are errors, not silently ignored.</summary>
internal sealed record AbOptions
{
    public string Baseline { get; init; } = "";

    public IReadOnlyList<string> Ops { get; init; } = ["rotate-nearest", "rotate-bilinear", "shear-bilinear", "fused", "scale-translate", "sine-warp", "gaussian-blur", "sharpen", "smooth"];

    public IReadOnlyList<int> Sizes { get; init; } = [28, 64];

    public int Rounds { get; init; } = 40;

    public double WarmupSeconds { get; init; } = AbRunner.DefaultWarmupSeconds;

    /// <summary>Separate processes to run the comparison in (see <see cref="AbLaunches"/>); 1 runs it here.</summary>
    public int Launches { get; init; } = 1;

    public const string Usage =
        "usage: ab --baseline PATH [--ops a,b,...] [--sizes 28,64] [--rounds N] [--warmup SECONDS] [--launches N]; PATH is an " +
        "Hpc.Simd.dll or the folder holding it (this build's own folder compares the build with itself); ops: " + AbOps.Names;

    public static AbOptions Parse(IReadOnlyList<string> args)
    {
        AbOptions options = VerbArguments.Fold(args, new AbOptions(), Apply, Usage);
        if (options.Baseline.Length == 0)
        {
            throw new ArgumentException($"--baseline is required. {Usage}", nameof(args));
        }

        if (options.WarmupSeconds < 0 || !double.IsFinite(options.WarmupSeconds))
        {
            throw new ArgumentOutOfRangeException("--warmup", options.WarmupSeconds, "must be a finite number of seconds, at least 0");
        }

        return options;
    }

    private static AbOptions Apply(AbOptions options, string name, string value) => name switch
    {
        "--baseline" => options with { Baseline = value },
        "--ops" => options with { Ops = [.. value.Split(',').Select(AbOps.Check)] },
        "--sizes" => options with { Sizes = [.. value.Split(',').Select(s => VerbArguments.Positive(int.Parse(s, CultureInfo.InvariantCulture), name))] },
        "--rounds" => options with { Rounds = VerbArguments.Positive(int.Parse(value, CultureInfo.InvariantCulture), name) },
        "--warmup" => options with { WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
        "--launches" => options with { Launches = VerbArguments.Positive(int.Parse(value, CultureInfo.InvariantCulture), name) },
        _ => throw new ArgumentException($"Unknown option {name}. {Usage}", name),
    };
}
