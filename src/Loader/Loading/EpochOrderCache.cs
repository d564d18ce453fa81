namespace Hpc.Loader;

/// <summary>
/// The permutations of the few epochs that can be in flight at once (at most ring size + 2), computed once each by
/// whichever thread needs one first. Arrays are allocated up front; nothing is allocated per batch.
/// </summary>
internal sealed class EpochOrderCache
{
    private readonly Entry[] _entries;
    private readonly ulong _seed;
    private readonly SamplingOrder _mode;
    private readonly int _blockSamples;
    private readonly int _windowBlocks;

    public EpochOrderCache(int count, int entries, ulong seed, SamplingOrder mode, int blockSamples, int windowBlocks)
    {
        _seed = seed;
        _mode = mode;
        _blockSamples = blockSamples;
        _windowBlocks = windowBlocks;
        _entries = new Entry[entries];
        for (int i = 0; i < entries; i++)
        {
            _entries[i] = new Entry(count);
        }
    }

    /// <summary>
    /// Element <paramref name="position"/> of any epoch's order without evicting an entry: entries belong to the
    /// in-flight window, and a diagnostic look-up of an arbitrary epoch must not overwrite one the workers read.
    /// </summary>
    public int Peek(int epoch, int position)
    {
        Entry e = _entries[epoch % _entries.Length];
        lock (e)
        {
            if (e.Epoch == epoch)
            {
                return e.Order[position];
            }
        }

        var order = new int[e.Order.Length];
        EpochOrder.Fill(order, _seed, epoch, _mode, _blockSamples, _windowBlocks);
        return order[position];
    }

    public int[] Get(int epoch)
    {
        Entry e = _entries[epoch % _entries.Length];
        if (Volatile.Read(ref e.Epoch) == epoch)
        {
            return e.Order;
        }

        lock (e)
        {
            if (e.Epoch != epoch)
            {
                EpochOrder.Fill(e.Order, _seed, epoch, _mode, _blockSamples, _windowBlocks);
                Volatile.Write(ref e.Epoch, epoch);
            }
        }

        return e.Order;
    }

    private sealed class Entry(int count)
    {
        public int Epoch = -1;
        public readonly int[] Order = new int[count];
    }
}
