using CommunityToolkit.HighPerformance;

namespace Hpc.Loader;

/// <summary>
/// One image operation of a policy. Implementations must be thread-safe and keep no state between calls: all
/// randomness comes from <paramref name="rng"/>, the op's own stream keyed by (seed, epoch, sample, op), which is
/// what keeps results identical for any thread count.
/// </summary>
public interface IAugmentation
{
    /// <summary>Name used in metrics and failure reports.</summary>
    string Name { get; }

    /// <summary>Writes every pixel of <paramref name="dst"/> (same size as <paramref name="src"/>, never overlapping).</summary>
    void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, ref RngStream rng);
}
