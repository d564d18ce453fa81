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
        long[,] m = result.Confusion;
        int n = result.ClassNames.Count;
        // Classes a prepared folder does not have (empty name) are left out unless the model predicted them.
        int[] shown = [.. Enumerable.Range(0, n).Where(i =>
            result.ClassNames[i].Length > 0 || Enumerable.Range(0, n).Any(j => m[i, j] != 0 || m[j, i] != 0))];

        // Numbered columns keep ten classes inside an 80-column terminal; the rows carry the names.
        var table = new Table().MinimalBorder()
            .Title($"confusion matrix of {Markup.Escape(modelPath)}")
            .Caption("rows: true class, columns: predicted class");
        table.AddColumn("true class");
        foreach (int j in shown)
            table.AddColumn(new TableColumn(I(j)).RightAligned().PadLeft(1).PadRight(0));
        table.AddColumn(new TableColumn("recall").RightAligned());
        foreach (int i in shown)
        {
            long total = 0;
            for (int j = 0; j < n; j++)
                total += m[i, j];
            string name = result.ClassNames[i].Length > 0 ? result.ClassNames[i] : "(not in classes.txt)";
            var cells = new List<string> { $"{I(i)} {Markup.Escape(name)}" };
            foreach (int j in shown)
            {
                string v = m[i, j].ToString(CultureInfo.InvariantCulture);
                cells.Add(i == j ? $"[green]{v}[/]" : m[i, j] == 0 ? $"[grey]{v}[/]" : v);
            }
            cells.Add(total == 0 ? "-" : (100.0 * m[i, i] / total).ToString("0.0", CultureInfo.InvariantCulture) + "%");
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
            ClassNames = [.. Enumerable.Range(0, result.ClassNames.Count).Select(i => i < names.Length ? names[i] : "")],
        };
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
