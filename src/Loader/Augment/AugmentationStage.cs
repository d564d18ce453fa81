namespace Hpc.Loader;

/// <summary>
/// One step of the distortion pipeline: with <see cref="Probability"/> it applies one of <see cref="Ops"/>,
/// chosen with the given <see cref="Weights"/> (uniform when null).
/// </summary>
public sealed record AugmentationStage
{
    /// <summary>Creates a stage; validates its arguments.</summary>
    public AugmentationStage(string name, IReadOnlyList<IAugmentation> ops, double probability = 1.0, IReadOnlyList<double>? weights = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(ops);
        if (ops.Count == 0 || ops.Count > 4095)
        {
            throw new ArgumentException("A stage needs 1..4095 ops.", nameof(ops));
        }

        if (ops.Any(o => o is null))
        {
            throw new ArgumentException("Ops must not be null.", nameof(ops));
        }

        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Must be in [0, 1].");
        }

        if (weights is not null && (weights.Count != ops.Count || weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || weights.Sum() <= 0))
        {
            throw new ArgumentException("Weights must match the ops one to one, be finite, non-negative and not all zero.", nameof(weights));
        }

        Name = name;
        Ops = ops.ToArray();
        Probability = probability;
        Weights = weights?.ToArray();
        double total = weights?.Sum() ?? ops.Count;
        var cumulative = new double[ops.Count];
        double acc = 0;
        for (int i = 0; i < ops.Count; i++)
        {
            acc += weights?[i] ?? 1.0;
            cumulative[i] = acc / total;
        }

        Cumulative = cumulative;
    }

    /// <summary>Stage name (for reports).</summary>
    public string Name { get; }

    /// <summary>The candidate ops; exactly one runs when the stage fires.</summary>
    public IReadOnlyList<IAugmentation> Ops { get; }

    /// <summary>Probability that the stage runs at all.</summary>
    public double Probability { get; }

    /// <summary>Relative weights of the ops, or null for uniform.</summary>
    public IReadOnlyList<double>? Weights { get; }

    internal double[] Cumulative { get; }

    /// <summary>Draws which op runs (or -1 for none) from the stage's own stream.</summary>
    internal int Choose(ref RngStream rng)
    {
        if (!rng.Bernoulli(Probability))
        {
            return -1;
        }

        double u = rng.NextDouble();
        double[] c = Cumulative;
        for (int i = 0; i < c.Length - 1; i++)
        {
            if (u < c[i])
            {
                return i;
            }
        }

        return c.Length - 1;
    }
}
