using System.Numerics;

namespace Hpc.Bench.Infrastructure;

/// <summary>The command line of the bench host's verbs (<c>e2e</c>, <c>ab</c>, <c>loop</c>): "--name value" pairs, nothing else.</summary>
internal static class VerbArguments
{
    /// <summary>
    /// Folds the pairs into <paramref name="start"/> with <paramref name="apply"/>, which throws on an unknown name; a
    /// name without a value is an error that names it.
    /// </summary>
    public static T Fold<T>(IReadOnlyList<string> args, T start, Func<T, string, string, T> apply, string usage)
    {
        T options = start;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"Option {args[i]} needs a value. {usage}", nameof(args));
            }

            options = apply(options, args[i], args[i + 1]);
        }

        return options;
    }

    /// <summary>The value of option <paramref name="name"/>, which must be above zero.</summary>
    public static T Positive<T>(T value, string name)
        where T : INumber<T> =>
        value > T.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "must be positive");

    /// <summary>Parses, or prints why not to stderr and returns false (the verb then exits with 2).</summary>
    public static bool TryParse<T>(IReadOnlyList<string> args, Func<IReadOnlyList<string>, T> parse, out T options)
    {
        try
        {
            options = parse(args);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            options = default!;
            return false;
        }
    }
}
