using System.Globalization;
using Hpc.Train.Training;
using Spectre.Console;

namespace Hpc.Train.Cli;

/// <summary>
/// Feeds the trainer's callbacks into one Spectre progress bar (running loss, accuracy, images/s, data-wait) and
/// prints a line per finished epoch. Runs on the trainer's thread between steps, so it only does arithmetic and
/// sets a description; Spectre redraws on its own timer.
/// </summary>
internal sealed class ProgressObserver : ITrainingObserver
{
    private readonly IAnsiConsole _console;
    private readonly List<EpochMetrics> _epochs = [];
    private ProgressContext? _ctx;
    private ProgressTask? _task;
    private RunInfo? _info;

    // Epoch-to-date sums: a single batch's loss and speed jump around too much to read.
    private int _epoch = -1;
    private int _steps;
    private double _lossSum, _accSum, _wait, _compute, _images;

    public ProgressObserver(IAnsiConsole console) => _console = console;

    public IReadOnlyList<EpochMetrics> Epochs => _epochs;

    public string? LastCheckpoint { get; private set; }

    public void Attach(ProgressContext ctx) => _ctx = ctx;

    public void OnStart(RunInfo info)
    {
        _info = info;
        _console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]device[/] {Markup.Escape(info.Device)}  [bold]image[/] {info.ImageSize}x{info.ImageSize}  [bold]batch[/] {info.BatchSize}  " +
            $"[bold]steps/epoch[/] {info.StepsPerEpoch}  [bold]threads[/] loader {info.LoaderThreads} + torch {info.TorchThreads}  [bold]SIMD[/] {Markup.Escape(info.SimdPath)}"));
        if (info.StartEpoch > 0 || info.StartStep > 0)
            _console.MarkupLine($"[yellow]resuming[/] at epoch {info.StartEpoch + 1}, step {info.StartStep}");
        if (_ctx is null)
            return;
        _task = _ctx.AddTask("starting", autoStart: true, maxValue: Math.Max(1, (double)info.StepsPerEpoch * info.Epochs));
        _task.Value = ((double)info.StartEpoch * info.StepsPerEpoch) + info.StartStep;
    }

    public void OnStep(StepMetrics m)
    {
        if (m.Epoch != _epoch)
        {
            _epoch = m.Epoch;
            _steps = 0;
            _lossSum = _accSum = _wait = _compute = _images = 0;
        }
        _steps++;
        _lossSum += m.Loss;
        _accSum += m.Accuracy;
        _wait += m.WaitSeconds;
        _compute += m.ComputeSeconds;
        _images += m.ImagesPerSecond * (m.WaitSeconds + m.ComputeSeconds);
        if (_task is null || _info is null)
            return;
        int stepsPerEpoch = m.StepsPerEpoch > 0 ? m.StepsPerEpoch : _info.StepsPerEpoch;
        _task.Value = ((double)m.Epoch * stepsPerEpoch) + m.Step + 1;
        double busy = _wait + _compute;
        _task.Description = string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch + 1}/{_info.Epochs} loss {_lossSum / _steps:0.0000} acc {100 * _accSum / _steps:0.00}% " +
            $"{(busy > 0 ? _images / busy : 0):N0} img/s wait {(busy > 0 ? 100 * _wait / busy : 0):0.0}%");
    }

    /// <summary>One line that fits 80 columns; speed and wall time are in the summary table and metrics.csv.</summary>
    public void OnEpoch(EpochMetrics m)
    {
        _epochs.Add(m);
        string test = double.IsNaN(m.TestAccuracy)
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $"  test loss {m.TestLoss:0.0000} acc [bold]{100 * m.TestAccuracy:0.00}%[/]");
        _console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[green]epoch {m.Epoch + 1}[/]  train loss {m.TrainLoss:0.0000} acc {100 * m.TrainAccuracy:0.00}%{test}  wait {m.DataWaitPercent:0.0}%"));
    }

    public void OnCheckpoint(string path)
    {
        LastCheckpoint = path;
        _console.Note($"checkpoint {path}");
    }

    public void OnMessage(string text) => _console.Note(text);
}
