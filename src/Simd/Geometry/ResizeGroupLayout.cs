namespace Hpc.Simd.Geometry;

/// <summary>
/// The table of the transposing horizontal resize passes (<see cref="ScaleTranslateVector256"/>, eight rows per
/// column vector; <see cref="ScaleTranslateVector128"/>, four): output columns in groups of N (the last one overlapping
/// the previous one), each group their N window starts in transposed ints (column times N), then per tap their N
/// weights, so that one tap loop serves all N columns with broadcasts at fixed displacements. Every column runs the same
/// number of taps (the widest window; Pillow's kernel rows are zero past their count), so the tap loop's exit is
/// predicted: the irregular 5/6/5/6 counts of a shrink mispredicted often.
/// </summary>
/// <typeparam name="TGroup">N: output columns per group, which is also the source rows per transposed column.</typeparam>
internal sealed class ResizeGroupLayout<TGroup> : ResizeTables
    where TGroup : struct, IStaticInt
{
    public int[] Table { get; private set; } = [];

    public int Taps { get; private set; }

    public int Groups { get; private set; }

    /// <summary>First source column any output column reads.</summary>
    public int Lo { get; private set; }

    /// <summary>One past the last source column any output column reads.</summary>
    public int Hi { get; private set; }

    protected override void Build(ResizeAxis a, int first, int columns)
    {
        int n = TGroup.Value;
        ReadOnlySpan<int> starts = a.First, count = a.Count, kernel = a.Kernel;
        int lo = starts[first], hi = lo, taps = 0;
        for (int c = first; c < first + columns; c++)
        {
            hi = Math.Max(hi, starts[c] + count[c]);
            taps = Math.Max(taps, count[c]);
        }

        int groups = (columns + n - 1) / n, groupInts = n * (1 + taps), ksize = a.KernelSize;
        if (Table.Length < groups * groupInts)
        {
            Table = GC.AllocateUninitializedArray<int>(Math.Max(groups * groupInts, 1024));
        }

        for (int g = 0; g < groups; g++)
        {
            Span<int> entry = Table.AsSpan(g * groupInts, groupInts);
            int c = Math.Min(g * n, columns - n);
            for (int j = 0; j < n; j++)
            {
                int xx = first + c + j;
                entry[j] = starts[xx] * n;
                for (int t = 0; t < taps; t++)
                {
                    entry[(n * (1 + t)) + j] = kernel[(xx * ksize) + t];
                }
            }
        }

        Lo = lo;
        Hi = hi;
        Taps = taps;
        Groups = groups;
    }
}
