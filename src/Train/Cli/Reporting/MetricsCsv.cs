using System.Globalization;

namespace Hpc.Train.Cli.Reporting;

/// <summary>
/// Reads the trainer's metrics.csv. Plots are drawn from it rather than from the current process's results so a
/// resumed run shows every epoch, including those before the resume.
/// </summary>
public static class MetricsCsv
{
    public const string FileName = "metrics.csv";

    /// <summary>One point per epoch (the last row wins if an epoch was written twice), in epoch order.</summary>
    /// <exception cref="InvalidDataException">a missing column or a bad number, naming the file and line.</exception>
    public static IReadOnlyList<EpochPoint> Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0)
            throw new InvalidDataException($"{path}: empty file");
        string[] header = lines[0].Split(',');
        int Column(string name)
        {
            int i = Array.IndexOf(header, name);
            return i >= 0 ? i : throw new InvalidDataException($"{path}: no '{name}' column in the header");
        }
        int epoch = Column("epoch"), trainLoss = Column("train_loss"), trainAcc = Column("train_accuracy");
        int testLoss = Column("test_loss"), testAcc = Column("test_accuracy");

        var byEpoch = new SortedDictionary<int, EpochPoint>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
                continue;
            string[] cells = lines[n].Split(',');
            if (cells.Length < header.Length)
                throw new InvalidDataException($"{path}, line {n + 1}: {cells.Length} fields, the header has {header.Length}");
            double Number(int column) =>
                double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                : cells[column] is "" or "NaN" ? double.NaN
                : throw new InvalidDataException($"{path}, line {n + 1}: '{cells[column]}' in column '{header[column]}' is not a number");
            int e = (int)Number(epoch);
            byEpoch[e] = new EpochPoint(e, Number(trainLoss), Number(testLoss), Number(trainAcc), Number(testAcc));
        }
        return [.. byEpoch.Values];
    }
}
