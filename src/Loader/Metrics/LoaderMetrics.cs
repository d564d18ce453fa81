using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hpc.Loader;

/// <summary>
/// The loader's instruments on meter "Hpc.Loader" (watch with <c>dotnet-counters monitor --counters Hpc.Loader</c>):
/// images (rate = images/s), batches, consumer wait and producer stall histograms (ms), skipped samples and
/// per-op CPU time (s, tagged by op). Hot paths only bump per-thread counters; instruments read them on demand.
/// </summary>
public sealed class LoaderMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Hpc.Loader";

    private readonly Counter<long> _batches;
    private readonly Histogram<double> _wait;
    private readonly Histogram<double> _stall;

    internal LoaderMetrics(BatchLoader loader)
    {
        Meter = new Meter(MeterName);
        Meter.CreateObservableCounter("hpc.loader.images", () => loader.TotalImages, "{image}", "Images delivered in batches (its rate is images/s).");
        Meter.CreateObservableCounter("hpc.loader.images_produced", () => loader.ProducedImages, "{image}", "Images written by the workers, including batches not yet delivered.");
        Meter.CreateObservableCounter("hpc.loader.skipped", () => loader.TotalSkipped, "{image}", "Samples replaced by their original after a failure (failure budget).");
        _batches = Meter.CreateCounter<long>("hpc.loader.batches", "{batch}", "Batches handed to the consumer.");
        _wait = Meter.CreateHistogram<double>("hpc.loader.consumer_wait", "ms", "Time Next() waited for a batch.");
        _stall = Meter.CreateHistogram<double>("hpc.loader.producer_stall", "ms", "Time a worker waited for a free ring slot.");
        Meter.CreateObservableCounter("hpc.loader.op_time", () => OpMeasurements(loader), "s", "CPU time spent in each augmentation op.");
    }

    /// <summary>The underlying meter.</summary>
    public Meter Meter { get; }

    internal void RecordBatch(long waitTicks)
    {
        _batches.Add(1);
        if (_wait.Enabled)
        {
            _wait.Record(waitTicks * 1000.0 / Stopwatch.Frequency);
        }
    }

    internal void RecordStall(long ticks)
    {
        if (_stall.Enabled)
        {
            _stall.Record(ticks * 1000.0 / Stopwatch.Frequency);
        }
    }

    private static IEnumerable<Measurement<double>> OpMeasurements(BatchLoader loader)
    {
        long[] ticks = loader.OpTicksTotal();
        IReadOnlyList<string> names = loader.Policy.OpNames;
        for (int i = 0; i < ticks.Length; i++)
        {
            yield return new Measurement<double>(ticks[i] / (double)Stopwatch.Frequency, new KeyValuePair<string, object?>("op", names[i]));
        }
    }

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();
}
