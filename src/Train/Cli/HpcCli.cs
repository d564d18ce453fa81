using System.CommandLine;
using System.CommandLine.Invocation;
using Spectre.Console;

namespace Hpc.Train.Cli;

/// <summary>The <c>hpc</c> command tree. Program.cs only calls <see cref="Run"/>.</summary>
public static class HpcCli
{
    /// <summary>Prints full exception details; available on every subcommand.</summary>
    internal static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print stack traces and extra diagnostics.",
        Recursive = true,
    };

    public static RootCommand Build(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var root = new RootCommand("hpc: train an image classifier on a fast, deterministic CPU data loader.")
        {
            Verbose,
            PrepareCommand.Create(console),
            TrainCommand.Create(console),
            EvalCommand.Create(console),
            PreviewCommand.Create(console),
            BenchLoaderCommand.Create(console),
        };
        return root;
    }

    /// <summary>
    /// Parses and runs. Parse errors are reported here rather than by System.CommandLine's default action so they
    /// get the same one-red-line form as runtime errors and exit code 2 instead of 1.
    /// </summary>
    /// <param name="console">Where commands print (stdout by default).</param>
    /// <param name="errors">Where error lines go (stderr by default) so piped output stays clean.</param>
    /// <param name="helpOutput">Where --help text goes (stdout by default).</param>
    public static int Run(string[] args, IAnsiConsole? console = null, IAnsiConsole? errors = null, TextWriter? helpOutput = null)
    {
        console ??= AnsiConsole.Console;
        errors ??= StandardError();
        RootCommand root = Build(console);
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0 && result.Action is ParseErrorAction)
        {
            foreach (var error in result.Errors)
                ErrorReporter.Error(errors, error.Message);
            errors.MarkupLine($"[grey]Run '{Markup.Escape(CommandPath(result))} --help' for usage.[/]");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        if (helpOutput is not null)
            config.Output = helpOutput;
        bool verbose = result.GetValue(Verbose);
        return ErrorReporter.Guard(errors, verbose, () => result.Invoke(config));
    }

    private static IAnsiConsole StandardError()
    {
        var err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        // Redirected stderr reports width 80; a wrapped path or stack frame is harder to copy than a long line.
        if (!err.Profile.Out.IsTerminal)
            err.Profile.Width = 4096;
        return err;
    }

    private static string CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (var r = result.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(r.Command is RootCommand ? "hpc" : r.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
