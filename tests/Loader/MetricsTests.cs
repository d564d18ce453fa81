using System.Diagnostics.Metrics;

namespace Hpc.Loader.Tests;

public class MetricsTests
{
    [Fact]
    public void MeterPublishesImagesBatchesWaitStallAndPerOpTime()
    {
        using Dataset ds = TestData.Dataset(256, 16, 16);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 32, Threads = 2, RingSize = 1, Seed = 4 });
        Assert.Equal("Hpc.Loader", loader.Metrics.Meter.Name);
        var longs = new Dictionary<string, long>();
        var doubles = new Dictionary<string, double>();
        var histogramCounts = new Dictionary<string, int>();
        var ops = new HashSet<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, loader.Metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => longs[i.Name] = i is Counter<long> ? longs.GetValueOrDefault(i.Name) + v : v);
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) =>
        {
            if (i is Histogram<double>)
            {
                histogramCounts[i.Name] = histogramCounts.GetValueOrDefault(i.Name) + 1;
                return;
            }

            doubles[i.Name] = doubles.GetValueOrDefault(i.Name) + v;
            foreach (KeyValuePair<string, object?> t in tags)
            {
                ops.Add((string)t.Value!);
            }
        });
        listener.Start();
        for (int i = 0; i < 6; i++)
        {
            using Batch b = loader.Next();
        }

        listener.RecordObservableInstruments();
        Assert.Equal(6, longs["hpc.loader.batches"]);
        Assert.Equal(6 * 32, longs["hpc.loader.images"]);
        Assert.True(longs["hpc.loader.images_produced"] >= 6 * 32);
        Assert.Equal(6, histogramCounts["hpc.loader.consumer_wait"]);
        Assert.True(doubles["hpc.loader.op_time"] > 0);
        Assert.Equal(loader.Policy.OpNames.ToHashSet(), ops);

        LoaderSummary s = loader.Summary;
        Assert.Equal(6 * 32, s.TotalImages);
        Assert.Equal(6, s.TotalBatches);
        Assert.Equal(loader.Policy.OpNames.Count, s.PerOpTime.Count);
        Assert.True(s.PerOpTime.Values.Sum(t => t.Ticks) > 0);
        Assert.True(s.ConsumerWait > TimeSpan.Zero);
    }
}
