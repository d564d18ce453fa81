using System.Diagnostics;
using System.Globalization;
using Hpc.Loader;
using Hpc.Simd;
using Hpc.Train.Interop;

namespace Hpc.Train.Training;

/// <summary>Trains the Fashion-MNIST CNN, fed zero-copy by Hpc.Loader.</summary>
public static class Trainer
{
    /// <summary>
    /// Runs (or with <see cref="TrainOptions.Resume"/> continues) a training run. Writes checkpoint.hpcckpt every
    /// epoch, model.dat, metrics.csv, steps.csv and summary.json into <see cref="TrainOptions.OutputDir"/>.
    /// On cancellation it writes a checkpoint at the last finished step, reports it via OnCheckpoint and throws
    /// <see cref="OperationCanceledException"/>; --resume then continues exactly there.
    /// Must be called on one thread throughout (TorchSharp dispose scopes and grad mode are per thread).
    /// </summary>
    /// <exception cref="ArgumentException">bad options.</exception>
    /// <exception cref="InvalidDataException">a corrupt or mismatched checkpoint or dataset file (named).</exception>
    public static TrainResult Run(TrainOptions options, ITrainingObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        options.Validate();
        var wall = Stopwatch.StartNew();
        // A missing, damaged or foreign checkpoint is reported before the (slow) dataset preparation.
        string checkpointPath = Path.Combine(Path.GetFullPath(options.OutputDir), Checkpoint.FileName);
        Checkpoint? resumeFrom = options.Resume ? Checkpoint.Read(checkpointPath) : null;
        if (resumeFrom is not null)
        {
            RefuseMismatch(checkpointPath, resumeFrom.Header, OptionsIdentity(options), ignoreDataShape: true);
        }

        TorchSharp.torch.Device device = TorchDevice.Resolve(options.Device);
        bool onCuda = device.type == TorchSharp.DeviceType.CUDA;
        int torchThreads = options.TorchThreads ?? (onCuda ? 1 : options.Threads);
        // On a CPU the model dominates (~50x the loader's work per batch at 28x28), so one loader thread suffices.
        int loaderThreads = options.LoaderThreads ?? (onCuda ? options.Threads : 1);
        TorchDevice.SetThreads(torchThreads);
        GlibcMalloc.KeepFreedMemory();

        PreparedDataset data = DatasetLocator.Prepare(options.DataDir, options.ImageSize, options.CacheDir, observer.OnMessage);
        using Dataset train = OpenPacked(data.TrainPacked, data.Source.TrainImages, data.Source.TrainLabels, options.ImageSize, observer);
        using Dataset test = OpenPacked(data.TestPacked, data.Source.TestImages, data.Source.TestLabels, options.ImageSize, observer);
        var files = new RunFiles(options.OutputDir);
        using var session = new TrainingSession(options, device, train, loaderThreads, torchThreads);
        var run = new RunState(options, observer, files, session, test, device, ct);
        run.LoadOrStart(resumeFrom);
        return run.Execute(wall);
    }

    /// <summary>The checkpoint identity fields that follow from the options alone.</summary>
    private static CheckpointHeader OptionsIdentity(TrainOptions o) => new()
    {
        ImageSize = o.ImageSize,
        Seed = o.Seed,
        BatchSize = o.BatchSize,
        Epochs = o.Epochs,
        LearningRate = o.LearningRate,
        WeightDecay = o.WeightDecay,
        Augment = o.Augment,
        CleanFinalEpochs = o.CleanFinalEpochs,
        MaxStepsPerEpoch = o.MaxStepsPerEpoch,
    };

    private static void RefuseMismatch(string path, CheckpointHeader saved, CheckpointHeader wanted, bool ignoreDataShape)
    {
        List<string> diffs = [.. saved.Mismatches(ignoreDataShape
            ? wanted with { ElementType = saved.ElementType, StepsPerEpoch = saved.StepsPerEpoch, TrainSamples = saved.TrainSamples }
            : wanted)];
        if (diffs.Count > 0)
        {
            throw new InvalidDataException(
                $"Checkpoint '{path}' belongs to a different run ({string.Join("; ", diffs)}); resume with the same options or start without --resume.");
        }
    }

    private static Dataset OpenPacked(string packed, string images, string labels, int size, ITrainingObserver observer)
    {
        try
        {
            return Dataset.OpenPacked(packed);
        }
        catch (InvalidDataException e)
        {
            // A damaged cache file is rebuilt from its source once; a damaged source still fails.
            observer.OnMessage($"cached dataset {packed} is unreadable ({e.Message})");
            DatasetLocator.Repack(images, labels, packed, size, observer.OnMessage);
            return Dataset.OpenPacked(packed);
        }
    }

    /// <summary>The mutable state of one Run call.</summary>
    private sealed class RunState(TrainOptions options, ITrainingObserver observer, RunFiles files, TrainingSession session,
        Dataset test, TorchSharp.torch.Device device, CancellationToken ct)
    {
        private readonly List<EpochMetrics> _completed = [];
        private readonly List<double> _stepLosses = [];
        private readonly List<StepMetrics> _pendingSteps = [];
        private int _startEpoch;
        private int _startBatch;
        private long _globalStep;
        private EpochAccumulator _partial = new();
        private double _runWait;
        private double _runCompute;
        private double _loaderCpuAtStart;

        public void LoadOrStart(Checkpoint? ck)
        {
            string path = files.CheckpointPath;
            if (ck is not null)
            {
                RefuseMismatch(path, ck.Header, session.Identity(), ignoreDataShape: false);

                if (ck.Header.StepsPerEpoch > 0 && ck.Header.BatchIndex > ck.Header.StepsPerEpoch)
                {
                    throw new InvalidDataException($"Checkpoint '{path}' points at batch {ck.Header.BatchIndex} of a {ck.Header.StepsPerEpoch}-step epoch.");
                }

                session.Load(ck, path);
                _startEpoch = ck.Header.Epoch;
                _startBatch = ck.Header.BatchIndex;
                _globalStep = ck.Header.GlobalStep;
                _partial = ck.Header.Partial;
                _completed.AddRange(ck.Header.Completed);
                observer.OnMessage($"resuming from {path} ({Checkpoint.SummaryOf(ck.Header)})");
                if (ck.Header.TorchThreads != session.TorchThreads || ck.Header.Device != session.DeviceName)
                {
                    observer.OnMessage(string.Create(CultureInfo.InvariantCulture,
                        $"note: the checkpoint ran on {ck.Header.Device} with {ck.Header.TorchThreads} torch threads, this run uses {session.DeviceName} with {session.TorchThreads}; losses will not be bit-identical to an uninterrupted run"));
                }
            }
            else if (File.Exists(path))
            {
                observer.OnMessage($"starting a fresh run; {path} will be overwritten (use --resume to continue it)");
            }

            files.ResetSteps(_globalStep);
        }

        public TrainResult Execute(Stopwatch wall)
        {
            observer.OnStart(new RunInfo(session.DeviceName, session.StepsPerEpoch, options.Epochs, _startEpoch, options.ImageSize,
                session.LoaderThreads, session.TorchThreads, SimdDispatch.Best.ToString())
            {
                StartStep = _startBatch,
                RunDir = files.RunDir,
                TrainSamples = session.TrainSamples,
                TestSamples = test.Count,
                BatchSize = options.BatchSize,
            });
            _loaderCpuAtStart = session.LoaderCpuSeconds();
            EvalResult? last = null;
            for (int epoch = _startEpoch; epoch < options.Epochs; epoch++)
            {
                int first = epoch == _startEpoch ? _startBatch : 0;
                EpochAccumulator acc = epoch == _startEpoch ? _partial : new EpochAccumulator();
                acc = TrainEpoch(epoch, first, acc);
                last = FinishEpoch(epoch, acc);
                if (ct.IsCancellationRequested)
                {
                    // The epoch's checkpoint is already written; the next run resumes at the next epoch.
                    ct.ThrowIfCancellationRequested();
                }
            }

            if (last is null)
            {
                // Resumed a finished run: score the stored weights once more so the result is complete.
                observer.OnMessage("the checkpoint is already at the last epoch; evaluating it");
                last = EvalLoop.Run(session.Model, test, device, options.EvalBatchSize, ct);
            }

            AtomicFile.Write(files.ModelPath, session.SaveModel());
            double waitPct = Percent(_runWait, _runCompute);
            double loaderCpu = session.LoaderCpuSeconds() - _loaderCpuAtStart;
            var result = new TrainResult(_completed.ToArray(), last.Accuracy, waitPct, wall.Elapsed, files.ModelPath, files.RunDir)
            {
                FinalTestLoss = last.Loss,
                CheckpointPath = files.CheckpointPath,
                MetricsCsvPath = files.MetricsCsvPath,
                SummaryJsonPath = files.SummaryJsonPath,
                StepLosses = _stepLosses.ToArray(),
                LoaderCpuSeconds = loaderCpu,
                Device = session.DeviceName,
            };
            files.WriteSummary(new
            {
                finalTestAccuracy = last.Accuracy,
                finalTestLoss = last.Loss,
                epochs = options.Epochs,
                stepsPerEpoch = session.StepsPerEpoch,
                wallSeconds = wall.Elapsed.TotalSeconds,
                dataWaitPercent = waitPct,
                waitSeconds = _runWait,
                computeSeconds = _runCompute,
                loaderCpuSeconds = loaderCpu,
                loaderCpuPercentOfWall = 100 * loaderCpu / Math.Max(1e-9, wall.Elapsed.TotalSeconds),
                device = session.DeviceName,
                torchThreads = session.TorchThreads,
                loaderThreads = session.LoaderThreads,
                simdPath = SimdDispatch.Best.ToString(),
                imageSize = options.ImageSize,
                batchSize = options.BatchSize,
                seed = options.Seed,
                learningRate = options.LearningRate,
                weightDecay = options.WeightDecay,
                augment = options.Augment,
                cleanFinalEpochs = options.CleanFinalEpochs,
                resumedFromEpoch = options.Resume ? _startEpoch : (int?)null,
                trainSamples = session.TrainSamples,
                testSamples = test.Count,
                modelPath = files.ModelPath,
                checkpointPath = files.CheckpointPath,
                finishedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                perEpoch = _completed,
            });
            return result;
        }

        private EpochAccumulator TrainEpoch(int epoch, int first, EpochAccumulator acc)
        {
            int steps = session.StepsPerEpoch;
            if (first >= steps)
            {
                return acc; // interrupted after the last step, before the epoch's evaluation
            }

            var clock = Stopwatch.StartNew();
            double cpu0 = session.LoaderCpuSeconds();
            int step = first;
            StagedBatch? current = null;
            StagedBatch? next = null;
            try
            {
                session.Position(epoch, first);
                current = session.Fetch(ct, out double wait);
                for (; step < steps; step++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    double nextWait = 0;
                    bool more = step + 1 < steps && !ct.IsCancellationRequested;
                    StagedBatch batch = current ?? throw new InvalidOperationException("no batch staged for step " + step);
                    (double loss, long correct) = session.Step(batch, _globalStep, () =>
                    {
                        if (more)
                        {
                            // Not cancellable: the optimizer step is already applied, so this step must complete
                            // for the checkpoint position to match the weights.
                            next = session.Fetch(CancellationToken.None, out nextWait);
                        }
                    });
                    batch.Dispose(); // the step has synchronised: nothing reads the slot any more
                    current = next;
                    next = null;
                    double compute = Stopwatch.GetElapsedTime(t0).TotalSeconds - nextWait;
                    int b = options.BatchSize;
                    var m = new StepMetrics(epoch, step, (int)_globalStep, loss, (double)correct / b, wait, compute, b / Math.Max(1e-9, wait + compute))
                    {
                        LearningRate = session.LearningRateAt(_globalStep),
                        StepsPerEpoch = steps,
                    };
                    acc = acc with
                    {
                        LossSum = acc.LossSum + loss,
                        Correct = acc.Correct + correct,
                        Seen = acc.Seen + b,
                        Steps = acc.Steps + 1,
                        WaitSeconds = acc.WaitSeconds + wait,
                        ComputeSeconds = acc.ComputeSeconds + compute,
                    };
                    _runWait += wait;
                    _runCompute += compute;
                    _stepLosses.Add(loss);
                    _pendingSteps.Add(m);
                    _globalStep++;
                    wait = nextWait;
                    observer.OnStep(m);
                    if (ct.IsCancellationRequested)
                    {
                        step++;
                        throw new OperationCanceledException(ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                next?.Dispose();
                current?.Dispose();
                current = null;
                acc = acc with
                {
                    WallSeconds = acc.WallSeconds + clock.Elapsed.TotalSeconds,
                    LoaderCpuSeconds = acc.LoaderCpuSeconds + (session.LoaderCpuSeconds() - cpu0),
                };
                SaveCheckpoint(epoch, step, acc, finished: false);
                throw;
            }
            finally
            {
                current?.Dispose();
            }

            return acc with
            {
                WallSeconds = acc.WallSeconds + clock.Elapsed.TotalSeconds,
                LoaderCpuSeconds = acc.LoaderCpuSeconds + (session.LoaderCpuSeconds() - cpu0),
            };
        }

        private EvalResult? FinishEpoch(int epoch, EpochAccumulator acc)
        {
            bool lastEpoch = epoch == options.Epochs - 1;
            EvalResult? eval = null;
            var evalClock = Stopwatch.StartNew();
            if (options.EvaluateEveryEpoch || lastEpoch)
            {
                eval = EvalLoop.Run(session.Model, test, device, options.EvalBatchSize, CancellationToken.None);
            }

            double evalSeconds = eval is null ? 0 : evalClock.Elapsed.TotalSeconds;
            int n = Math.Max(1, acc.Steps);
            var m = new EpochMetrics(epoch,
                acc.LossSum / n,
                acc.Seen == 0 ? double.NaN : (double)acc.Correct / acc.Seen,
                eval?.Loss ?? double.NaN,
                eval?.Accuracy ?? double.NaN,
                acc.WaitSeconds,
                acc.ComputeSeconds,
                Percent(acc.WaitSeconds, acc.ComputeSeconds),
                acc.LoaderCpuSeconds,
                acc.WallSeconds + evalSeconds)
            {
                Steps = acc.Steps,
                LearningRate = session.LearningRateAt(Math.Max(0, _globalStep - 1)),
                EvalSeconds = evalSeconds,
                Augmented = session.Augmented(epoch),
                ImagesPerSecond = acc.Seen / Math.Max(1e-9, acc.WaitSeconds + acc.ComputeSeconds),
            };
            _completed.Add(m);
            files.WriteMetrics(_completed);
            observer.OnEpoch(m);
            SaveCheckpoint(epoch + 1, 0, new EpochAccumulator(), finished: lastEpoch);
            return eval;
        }

        private void SaveCheckpoint(int epoch, int batchIndex, EpochAccumulator partial, bool finished)
        {
            CheckpointHeader header = session.Identity() with
            {
                Epoch = epoch,
                BatchIndex = batchIndex,
                GlobalStep = _globalStep,
                Finished = finished,
                Partial = partial,
                Completed = _completed.ToArray(),
                WrittenUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            };
            new Checkpoint(header, session.SaveModel(), session.SaveOptimizer()).Write(files.CheckpointPath);
            files.AppendSteps(_pendingSteps);
            _pendingSteps.Clear();
            observer.OnCheckpoint(files.CheckpointPath);
        }

        private static double Percent(double wait, double compute) => wait + compute <= 0 ? 0 : 100 * wait / (wait + compute);
    }
}
