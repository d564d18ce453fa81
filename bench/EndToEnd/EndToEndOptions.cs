using System.Globalization;
using Hpc.Bench.Infrastructure;
using Hpc.Loader;

namespace Hpc.Bench.EndToEnd;

/// <summary>Command line of the <c>e2e</c> verb. Unknown or malformed options are errors, not silently ignored.</summary>
internal sealed record EndToEndOptions
{
    public double Seconds { get; init; } = 5;

    public IReadOnlyList<int> Threads { get; init; } = [.. Enumerable.Range(1, Environment.ProcessorCount)];

    public int BatchSize { get; init; } = 256;

    public int Size { get; init; } = 64;

    public ulong Seed { get; init; } = 1;

    public DistortionLayout Layout { get; init; } = DistortionLayout.HalfBatch;

    public string DataDirectory { get; init; } = "/usr/share/datasets/fashion-mnist";

    public string CacheDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "hpc-bench");

    public const string Usage =
        "usage: e2e [--seconds S] [--threads 1,2,...] [--batch N] [--size PX] [--seed N] [--layout HalfBatch|All|Paired|None] [--data DIR] [--cache DIR]";

    public static EndToEndOptions Parse(IReadOnlyList<string> args) => VerbArguments.Fold(args, new EndToEndOptions(), Apply, Usage);

    private static EndToEndOptions Apply(EndToEndOptions options, string name, string value) => name switch
    {
        "--seconds" => options with { Seconds = VerbArguments.Positive(double.Parse(value, CultureInfo.InvariantCulture), name) },
        "--threads" => options with { Threads = [.. value.Split(',').Select(t => VerbArguments.Positive(int.Parse(t, CultureInfo.InvariantCulture), name))] },
        "--batch" => options with { BatchSize = VerbArguments.Positive(int.Parse(value, CultureInfo.InvariantCulture), name) },
        "--size" => options with { Size = VerbArguments.Positive(int.Parse(value, CultureInfo.InvariantCulture), name) },
        "--seed" => options with { Seed = ulong.Parse(value, CultureInfo.InvariantCulture) },
        "--layout" => options with { Layout = Enum.Parse<DistortionLayout>(value, ignoreCase: true) },
        "--data" => options with { DataDirectory = value },
        "--cache" => options with { CacheDirectory = value },
        _ => throw new ArgumentException($"Unknown option {name}. {Usage}", name),
    };
}
