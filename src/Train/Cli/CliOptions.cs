using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Hpc.Train.Cli;

/// <summary>
/// Option factories whose parsers check the value's type and range themselves, so every bad value is reported at
/// parse time by one message that names the option the user typed (System.CommandLine's own messages for a bad
/// choice do not, and its validators run after conversion has already failed).
/// </summary>
internal static class CliOptions
{
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max = int.MaxValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseInt(r, name, min, max) ?? defaultValue,
        };

    public static Option<int?> OptionalInt(string name, string description, int min, int max = int.MaxValue) =>
        new(name)
        {
            Description = description,
            CustomParser = r => ParseInt(r, name, min, max),
        };

    public static Option<double> PositiveDouble(string name, string description, double defaultValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                string token = Token(r);
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || double.IsInfinity(v))
                {
                    r.AddError($"{name} must be a positive number, got '{token}'.");
                    return defaultValue;
                }
                return v;
            },
        };

    public static Option<ulong> UInt64(string name, string description, ulong defaultValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                string token = Token(r);
                if (!ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
                {
                    r.AddError($"{name} must be a whole number from 0 to {ulong.MaxValue}, got '{token}'.");
                    return defaultValue;
                }
                return v;
            },
        };

    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                string token = Token(r);
                if (!choices.Contains(token, StringComparer.Ordinal))
                {
                    r.AddError($"{name} must be one of {string.Join(", ", choices)}, got '{token}'.");
                    return defaultValue;
                }
                return token;
            },
        };
        option.CompletionSources.Add(choices);
        option.HelpName = string.Join('|', choices);
        return option;
    }

    /// <summary>
    /// The Fashion-MNIST folder. A folder the user typed must exist; the Debian default may be missing, because the
    /// dataset locator installs it (as root) or prints the apt-get command.
    /// </summary>
    public static Option<string> DataDir()
    {
        var option = new Option<string>("--data-dir")
        {
            Description = "Folder with the four Fashion-MNIST IDX files (plain or .gz).",
            DefaultValueFactory = _ => Training.DatasetLocator.DefaultDataDir,
        };
        option.Validators.Add(r =>
        {
            string? dir = r.GetValueOrDefault<string>();
            if (!r.Implicit && dir is not null && !Directory.Exists(dir))
                r.AddError($"--data-dir: folder not found: {dir}");
        });
        return option;
    }

    /// <summary>Where packed dataset files are kept between runs (the dataset locator's cache).</summary>
    public static Option<string?> CacheDir() =>
        Path("--cache-dir", "Where packed dataset files are cached (default ~/.cache/hpc).");

    public static Option<string> Device() =>
        Choice("--device", "auto (CUDA when TorchSharp sees a GPU), cpu or cuda.", new Training.TrainOptions().Device, "auto", "cpu", "cuda");

    public static Option<string?> Path(string name, string description) =>
        new(name) { Description = description };

    private static string Token(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";

    private static int? ParseInt(ArgumentResult r, string name, int min, int max)
    {
        string token = Token(r);
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
        {
            r.AddError($"{name} must be a whole number, got '{token}'.");
            return null;
        }
        if (v < min || v > max)
        {
            r.AddError(max == int.MaxValue
                ? $"{name} must be at least {min}, got {v}."
                : $"{name} must be between {min} and {max}, got {v}.");
            return null;
        }
        return v;
    }
}
