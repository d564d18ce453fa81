using System.Globalization;
using Hpc.Train.Training;
using Spectre.Console;

namespace Hpc.Train.Cli;

/// <summary>The table printed after a finished run.</summary>
internal static class TrainSummary
{
    public static void Print(IAnsiConsole console, TrainResult result)
    {
        var table = new Table().Title("[bold]training summary[/]").MinimalBorder();
        table.AddColumns("epoch", "train loss", "train acc", "test loss", "test acc", "img/s", "wait", "wall");
        foreach (var c in table.Columns.Skip(1))
            c.RightAligned();
        foreach (var e in result.Epochs)
        {
            table.AddRow(
                F($"{e.Epoch + 1}"),
                F($"{e.TrainLoss:0.0000}"),
                F($"{100 * e.TrainAccuracy:0.00}%"),
                double.IsNaN(e.TestLoss) ? "-" : F($"{e.TestLoss:0.0000}"),
                double.IsNaN(e.TestAccuracy) ? "-" : F($"{100 * e.TestAccuracy:0.00}%"),
                F($"{e.ImagesPerSecond:N0}"),
                F($"{e.DataWaitPercent:0.0}%"),
                F($"{e.WallSeconds:0.0} s"));
        }
        console.Write(table);

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]final test accuracy[/]", F($"[bold green]{100 * result.FinalTestAccuracy:0.00}%[/]"));
        grid.AddRow("data-wait (whole run)", F($"{result.DataWaitPercent:0.0}%"));
        grid.AddRow("wall time", F($"{result.Wall.TotalSeconds:0.0} s"));
        if (!string.IsNullOrEmpty(result.Device))
            grid.AddRow("device", Markup.Escape(result.Device));
        grid.AddRow("model", Markup.Escape(result.ModelPath));
        grid.AddRow("run folder", Markup.Escape(result.RunDir));
        console.Write(grid);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
