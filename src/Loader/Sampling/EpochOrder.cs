namespace Hpc.Loader;

/// <summary>
/// The permutation of one epoch, a pure function of (seed, epoch). Each swap draws from its own Philox counter,
/// so the result does not depend on who computes it.
/// </summary>
internal static class EpochOrder
{
    public static void Fill(Span<int> order, ulong seed, int epoch, SamplingOrder mode, int blockSamples, int windowBlocks)
    {
        int n = order.Length;
        if (mode != SamplingOrder.QuasiRandom)
        {
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Shuffle(order, seed, epoch, RngOps.Shuffle, 0);
            return;
        }

        int blocks = (n + blockSamples - 1) / blockSamples;
        int[] blockOrder = new int[blocks];
        for (int i = 0; i < blocks; i++)
        {
            blockOrder[i] = i;
        }

        Shuffle(blockOrder, seed, epoch, RngOps.BlockShuffle, 0);
        int pos = 0;
        for (int w = 0; w < blocks; w += windowBlocks)
        {
            int windowStart = pos;
            for (int k = w; k < Math.Min(blocks, w + windowBlocks); k++)
            {
                int first = blockOrder[k] * blockSamples;
                int last = Math.Min(n, first + blockSamples);
                for (int s = first; s < last; s++)
                {
                    order[pos++] = s;
                }
            }

            Shuffle(order[windowStart..pos], seed, epoch, RngOps.WindowShuffle, windowStart);
        }
    }

    /// <summary>Fisher-Yates where swap i uses counter (base + i): no sequential RNG state.</summary>
    private static void Shuffle(Span<int> a, ulong seed, int epoch, uint op, int counterBase)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            var rng = new RngStream(seed, epoch, counterBase + i, op);
            int j = rng.NextInt(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
