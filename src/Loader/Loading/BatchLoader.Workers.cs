using System.Diagnostics;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;
using Microsoft.Extensions.Logging;

namespace Hpc.Loader;

public sealed partial class BatchLoader
{
    private void EnsureStarted()
    {
        if (_started)
        {
            return;
        }

        if (_slots is null)
        {
            var slots = new RingSlot[_options.RingSize];
            for (int k = 0; k < slots.Length; k++)
            {
                slots[k] = new RingSlot { Index = k, Buffer = _allocator.Allocate(k, _layout) };
            }

            _slots = slots;
        }

        // Slot k holds the sequences congruent to k; the first one at or after the start may be written at once.
        for (int k = 0; k < _slots.Length; k++)
        {
            RingSlot s = _slots[k];
            long first = _startSeq + ((k - (_startSeq % _slots.Length) + _slots.Length) % _slots.Length);
            s.WritableSeq = first;
            s.ReadySeq = -1;
            s.LeasedSeq = -1;
            s.Remaining = _chunksPerBatch;
        }

        _ticket.Value = 0;
        _stopping = false;
        int opCount = _policy.OpNames.Count;
        var workers = new WorkerState[_options.Threads];
        using var ready = new CountdownEvent(workers.Length);
        IReadOnlyList<int> cpus = CpuTopology.OrderedCpus;
        for (int i = 0; i < workers.Length; i++)
        {
            var w = new WorkerState(i, opCount);
            int cpu = cpus[(_options.FirstCpu + i) % cpus.Count];
            w.Thread = new Thread(() => Run(w, cpu, ready))
            {
                IsBackground = true,
                Name = $"Hpc.Loader worker {i}",
            };
            workers[i] = w;
        }

        _workers = workers;
        lock (_allThreads)
        {
            // Threads that exited after a failure or Restore are forgotten; live ones stay visible to LiveThreads.
            _allThreads.RemoveAll(t => !t.IsAlive);
            _allThreads.AddRange(workers.Select(w => w.Thread!));
        }

        foreach (WorkerState w in workers)
        {
            w.Thread!.Start();
        }

        // Every thread is pinned and owns its scratch before the first batch is asked for.
        ready.Wait();
        _started = true;
    }

    /// <summary>Stops and joins the workers; their counters are folded into the retired totals.</summary>
    private void StopWorkers()
    {
        WorkerState[] workers = _workers;
        _stopping = true;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }

        foreach (WorkerState w in workers)
        {
            if (w.Thread is { } t && t != Thread.CurrentThread)
            {
                t.Join();
            }
        }

        if (workers.Length > 0 && ReferenceEquals(workers, _workers))
        {
            foreach (WorkerState w in workers)
            {
                _retiredImages += w.Images;
                _retiredSkipped += w.Skipped;
                _retiredStallTicks += w.StallTicks;
                Span<long> t = w.OpTicks;
                for (int i = 0; i < _retiredOpTicks.Length; i++)
                {
                    _retiredOpTicks[i] += t[i];
                }
            }

            _workers = [];
        }

        _started = false;
    }

    private unsafe void Run(WorkerState w, int cpu, CountdownEvent ready)
    {
        int h = _layout.Height;
        int width = _layout.Width;
        nuint plane = (nuint)(h * width);
        byte* scratch;
        try
        {
            if (_options.PinThreads)
            {
                w.Pinned = CpuTopology.PinCurrentThread(cpu);
                if (!w.Pinned)
                {
                    LogNotPinned(_logger, w.Id, cpu);
                }
            }

            // Scratch is allocated (and zeroed: first touch) by the thread that uses it, so it lands on its NUMA node.
            scratch = (byte*)NativeAllocations.AlignedAlloc(plane * 3, 64);
        }
        finally
        {
            ready.Signal();
        }

        try
        {
            var a = new Span2D<byte>(scratch, h, width, 0);
            var b = new Span2D<byte>(scratch + plane, h, width, 0);
            var resized = new Span2D<byte>(scratch + (2 * plane), h, width, 0);
            RingSlot[] slots = _slots!;
            long ringLength = slots.Length;
            while (!_stopping)
            {
                long t = Interlocked.Increment(ref _ticket.Value) - 1;
                long seq = _startSeq + (t / _chunksPerBatch);
                int chunk = (int)(t % _chunksPerBatch);
                RingSlot slot = slots[seq % ringLength];
                if (Volatile.Read(ref slot.WritableSeq) != seq && !WaitWritable(w, slot, seq))
                {
                    return;
                }

                int epoch = (int)(seq / BatchesPerEpoch);
                int index = (int)(seq % BatchesPerEpoch);
                int[] order = _orders.Get(epoch);
                if (chunk == 0 && index == Math.Max(0, BatchesPerEpoch - (int)ringLength - 1))
                {
                    // Draw the next epoch's permutation now, while the other threads keep working, instead of
                    // making every thread wait for it at the epoch boundary.
                    _orders.Get(epoch + 1);
                }

                int from = chunk * _chunk;
                int to = Math.Min(_layout.BatchSize, from + _chunk);
                (int Sample, bool Distorted) next = MapSlot(order, index, from);
                for (int j = from; j < to; j++)
                {
                    (int Sample, bool Distorted) current = next;
                    if (j + 1 < to)
                    {
                        next = MapSlot(order, index, j + 1);
                        _dataset.Prefetch(next.Sample);
                    }

                    if (_stopping || !ProcessSlot(w, slot, current.Sample, current.Distorted, epoch, index, j, a, b, resized))
                    {
                        return;
                    }
                }

                if (Interlocked.Decrement(ref slot.Remaining) == 0)
                {
                    lock (_gate)
                    {
                        slot.ReadySeq = seq;
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(e);
        }
        finally
        {
            NativeAllocations.AlignedFree(scratch, plane * 3, 64);
        }
    }

    private bool WaitWritable(WorkerState w, RingSlot slot, long seq)
    {
        long t0 = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (slot.WritableSeq != seq)
            {
                if (_stopping)
                {
                    return false;
                }

                Monitor.Wait(_gate);
            }
        }

        long stalled = Stopwatch.GetTimestamp() - t0;
        w.StallTicks += stalled;
        _metrics.RecordStall(stalled);
        return !_stopping;
    }

    [SkipLocalsInit]
    private unsafe bool ProcessSlot(WorkerState w, RingSlot slot, int sample, bool distorted, int epoch, int index, int j, Span2D<byte> a, Span2D<byte> b, Span2D<byte> resized)
    {
        ((long*)slot.Buffer.Labels)[j] = _dataset.LabelUnchecked(sample);
        var src = new ReadOnlySpan2D<byte>(_dataset.RecordPointer(sample), _dataset.Height, _dataset.Width, 0);
        int failedOp = -1;
        try
        {
            if (_resize)
            {
                ImageResize.Bicubic(src, resized);
                src = resized;
            }

            ReadOnlySpan2D<byte> plane = distorted ? _policy.Distort(src, a, b, _seed, epoch, sample, w.OpTicks, ref failedOp) : src;
            TensorWriter.Write(plane, _layout, slot.Buffer.Images, j, _options.Normalization);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (Interlocked.Decrement(ref _budgetLeft) >= 0)
            {
                // The skipped slot gets a defined content: the (resized) original, counted as skipped.
                try
                {
                    TensorWriter.Write(src, _layout, slot.Buffer.Images, j, _options.Normalization);
                    w.Skipped++;
                    w.Images++;
                    return true;
                }
                catch (Exception inner) when (inner is not OutOfMemoryException)
                {
                    e = inner;
                }
            }

            Fail(new SampleFailedException(_seed, epoch, index, sample, distorted, failedOp >= 0 ? _policy.OpNames[failedOp] : null, e));
            return false;
        }

        w.Images++;
        return true;
    }

    /// <summary>Which sample and whether distorted: a pure function of (epoch order, batch index, slot).</summary>
    private (int Sample, bool Distorted) MapSlot(int[] order, int index, int j)
    {
        (int position, bool distorted) = MapPosition(index, j);
        return (order[position], distorted);
    }

    /// <summary>Position in the epoch order of slot <paramref name="j"/> of batch <paramref name="index"/>, and whether it is distorted.</summary>
    private (int Position, bool Distorted) MapPosition(int index, int j)
    {
        int b = _layout.BatchSize;
        int local;
        bool distorted;
        switch (_policy.Layout)
        {
            case DistortionLayout.Paired:
                int half = b / 2;
                distorted = j >= half;
                local = distorted ? j - half : j;
                break;
            case DistortionLayout.HalfBatch:
                distorted = j >= b / 2;
                local = j;
                break;
            case DistortionLayout.All:
                distorted = true;
                local = j;
                break;
            default:
                distorted = false;
                local = j;
                break;
        }

        // Shard = contiguous range of the epoch order; positions past the shard wrap (pad mode), and the last
        // shard wraps into the first samples when the dataset does not divide evenly.
        long p = ((long)index * _samplesPerBatch) + local;
        long q = p % _perRank;
        long g = ((long)_options.Rank * _perRank) + q;
        if (g >= _dataset.Count)
        {
            g -= _dataset.Count;
        }

        return ((int)g, distorted);
    }

    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _failure, e, null);
        _stopping = true;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loader worker {Worker} could not be pinned to CPU {Cpu}; it runs unpinned.")]
    private static partial void LogNotPinned(ILogger logger, int worker, int cpu);
}
