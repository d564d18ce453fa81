using Spectre.Console;

namespace Hpc.Train.Cli;

/// <summary>
/// Turns exceptions escaping a command into one red line and an exit code. A stack trace is noise for a user who
/// mistyped a path, so it is printed only with <c>--verbose</c>.
/// </summary>
internal static class ErrorReporter
{
    public static int Guard(IAnsiConsole console, bool verbose, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (UsageException e)
        {
            Report(console, verbose, e);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // A missing input (dataset folder, IDX file) is fixed by changing the command line or installing the
            // data, not by rerunning: report it as a usage problem.
            Report(console, verbose, e);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException e)
        {
            console.MarkupLine("[yellow]cancelled[/]");
            if (verbose)
                console.Profile.Out.Writer.WriteLine(e.ToString());
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // The process boundary: every failure must become a message and an exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Report(console, verbose, e);
            return ExitCodes.Runtime;
        }
    }

    public static void Error(IAnsiConsole console, string message) =>
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    private static void Report(IAnsiConsole console, bool verbose, Exception e)
    {
        Error(console, Describe(e));
        // Raw writer: Spectre would re-wrap the trace at the console width.
        if (verbose)
            console.Profile.Out.Writer.WriteLine(e.ToString());
    }

    /// <summary>The message chain, outermost first; wrapper exceptions often say only "see inner exception".</summary>
    internal static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is AggregateException { InnerExceptions.Count: > 0 } agg && x != e)
                x = agg.InnerExceptions[0];
            if (!parts.Contains(x.Message))
                parts.Add(x.Message);
        }
        return string.Join(": ", parts);
    }
}
