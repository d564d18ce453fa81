using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hpc.Train.Training;

/// <summary>The run folder's files: metrics.csv (per epoch), steps.csv (per step), summary.json, model.dat.</summary>
internal sealed class RunFiles
{
    public RunFiles(string runDir)
    {
        RunDir = Path.GetFullPath(runDir);
        Directory.CreateDirectory(RunDir);
    }

    public string RunDir { get; }
    public string CheckpointPath => Path.Combine(RunDir, Checkpoint.FileName);
    public string ModelPath => Path.Combine(RunDir, "model.dat");
    public string MetricsCsvPath => Path.Combine(RunDir, "metrics.csv");
    public string StepsCsvPath => Path.Combine(RunDir, "steps.csv");
    public string SummaryJsonPath => Path.Combine(RunDir, "summary.json");

    private const string StepsHeader = "global_step,epoch,step,loss,accuracy,wait_s,compute_s,images_per_s,lr";

    /// <summary>Starts steps.csv afresh, or (resume) keeps only the rows before <paramref name="fromGlobalStep"/>.</summary>
    public void ResetSteps(long fromGlobalStep)
    {
        var keep = new StringBuilder(StepsHeader).Append('\n');
        if (fromGlobalStep > 0 && File.Exists(StepsCsvPath))
        {
            foreach (string line in File.ReadLines(StepsCsvPath).Skip(1))
            {
                int comma = line.IndexOf(',', StringComparison.Ordinal);
                if (comma > 0 && long.TryParse(line.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out long g) && g < fromGlobalStep)
                {
                    keep.Append(line).Append('\n');
                }
            }
        }

        File.WriteAllText(StepsCsvPath, keep.ToString());
    }

    public void AppendSteps(IEnumerable<StepMetrics> steps)
    {
        var sb = new StringBuilder();
        foreach (StepMetrics s in steps)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{s.GlobalStep},{s.Epoch},{s.Step},{R(s.Loss)},{R(s.Accuracy)},{R(s.WaitSeconds)},{R(s.ComputeSeconds)},{R(s.ImagesPerSecond)},{R(s.LearningRate)}\n");
        }

        File.AppendAllText(StepsCsvPath, sb.ToString());
    }

    public void WriteMetrics(IReadOnlyList<EpochMetrics> epochs)
    {
        var sb = new StringBuilder("epoch,train_loss,train_accuracy,test_loss,test_accuracy,wait_s,compute_s,data_wait_pct,loader_cpu_s,wall_s,eval_s,steps,images_per_s,lr\n");
        foreach (EpochMetrics e in epochs)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{e.Epoch + 1},{R(e.TrainLoss)},{R(e.TrainAccuracy)},{R(e.TestLoss)},{R(e.TestAccuracy)},{R(e.WaitSeconds)},{R(e.ComputeSeconds)},{R(e.DataWaitPercent)},{R(e.LoaderCpuSeconds)},{R(e.WallSeconds)},{R(e.EvalSeconds)},{e.Steps},{R(e.ImagesPerSecond)},{R(e.LearningRate)}\n");
        }

        AtomicFile.WriteText(MetricsCsvPath, sb.ToString());
    }

    public void WriteSummary(object summary) =>
        AtomicFile.Write(SummaryJsonPath, JsonSerializer.SerializeToUtf8Bytes(summary, Checkpoint.Json));

    private static string R(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
}
