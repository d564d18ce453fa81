using Spectre.Console;

namespace Hpc.Train.Cli;

internal static class ConsoleExtensions
{
    /// <summary>A dim line for side information (what the dataset locator is doing, where files went).</summary>
    public static void Note(this IAnsiConsole console, string text) =>
        console.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
}
