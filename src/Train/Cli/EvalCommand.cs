using System.CommandLine;
using System.Globalization;
using Hpc.Train.Training;
using Spectre.Console;

namespace Hpc.Train.Cli;

/// <summary><c>hpc eval</c>: accuracy and confusion matrix of saved weights on the test split.</summary>
internal static class EvalCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var d = new TrainOptions();
        var model = new Option<string>("--model")
        {
            Description = "model.dat (or checkpoint.hpcckpt) written by 'hpc train'.",
            DefaultValueFactory = _ => Path.Combine(d.OutputDir, "model.dat"),
        };
        var dataDir = CliOptions.DataDir();
        var imageSize = CliOptions.Int("--image-size", "Input side the model was trained at.", d.ImageSize, 8, 512);
        var device = CliOptions.Device();
        var batch = CliOptions.Int("--batch-size", "Images per forward pass.", d.EvalBatchSize, 1, 65_536);

        var command = new Command("eval", "Accuracy and per-class confusion matrix of a saved model on the test split.")
        {
            model, dataDir, imageSize, device, batch,
        };
        command.SetAction(r =>
        {
            string path = r.GetValue(model)!;
            if (!File.Exists(path))
                throw new UsageException($"--model: file not found: {path} (train first, or pass --model)");
            string data = r.GetValue(dataDir)!;
            EvalResult result = Evaluator.Evaluate(path, data, r.GetValue(imageSize), r.GetValue(device)!, r.GetValue(batch));
            Print(console, WithFolderClassNames(result, data), path);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void Print(IAnsiConsole console, EvalResult result, string modelPath)
    {
        int n = result.ClassNames.Count;
        // Numbered columns keep ten classes inside an 80-column terminal; the rows carry the names.
        var table = new Table().MinimalBorder()
            .Title($"confusion matrix of {Markup.Escape(modelPath)}")
            .Caption("rows: true class, columns: predicted class");
        table.AddColumn("true class");
        for (int j = 0; j < n; j++)
            table.AddColumn(new TableColumn(I(j)).RightAligned().PadLeft(1).PadRight(0));
        table.AddColumn(new TableColumn("recall").RightAligned());
        for (int i = 0; i < n; i++)
        {
            long total = 0;
            for (int j = 0; j < n; j++)
                total += result.Confusion[i, j];
            var cells = new List<string> { $"{I(i)} {Markup.Escape(result.ClassNames[i])}" };
            for (int j = 0; j < n; j++)
            {
                string v = result.Confusion[i, j].ToString(CultureInfo.InvariantCulture);
                cells.Add(i == j ? $"[green]{v}[/]" : result.Confusion[i, j] == 0 ? $"[grey]{v}[/]" : v);
            }
            cells.Add(total == 0 ? "-" : (100.0 * result.Confusion[i, i] / total).ToString("0.0", CultureInfo.InvariantCulture) + "%");
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]accuracy[/] [bold green]{100 * result.Accuracy:0.00}%[/]  loss {result.Loss:0.0000}  samples {result.Samples}"));
    }

    /// <summary>
    /// A folder made by <c>hpc prepare --folder</c> names its classes in classes.txt; the evaluator only knows
    /// Fashion-MNIST's names, which would mislabel every row.
    /// </summary>
    internal static EvalResult WithFolderClassNames(EvalResult result, string dataDir)
    {
        string file = Path.Combine(dataDir, PrepareCommand.ClassNamesFile);
        if (!File.Exists(file))
            return result;
        string[] names = File.ReadAllLines(file);
        return result with
        {
            ClassNames = [.. Enumerable.Range(0, result.ClassNames.Count).Select(i => i < names.Length ? names[i] : "(unused)")],
        };
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
