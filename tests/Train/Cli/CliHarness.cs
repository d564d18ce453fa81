using Hpc.Train.Cli;
using Spectre.Console;

namespace Hpc.Train.Tests.Cli;

/// <summary>Runs <c>hpc</c> in process against a plain-text console and captures what it printed.</summary>
internal static class CliHarness
{
    /// <returns>The exit code and stdout and stderr interleaved as printed.</returns>
    public static (int Exit, string Output) Run(params string[] args)
    {
        using var writer = new StringWriter();
        IAnsiConsole console = PlainConsole(writer);
        int exit = HpcCli.Run(args, console, console, writer);
        return (exit, writer.ToString());
    }

    public static IAnsiConsole PlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        return console;
    }
}

/// <summary>A temporary folder removed at the end of the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hpc-cli-" + Guid.NewGuid().ToString("N"));

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
