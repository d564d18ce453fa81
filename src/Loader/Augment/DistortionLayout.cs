namespace Hpc.Loader;

/// <summary>Where distorted images go in a batch.</summary>
public enum DistortionLayout
{
    /// <summary>
    /// B distinct samples; the first half of the slots holds originals, the second half distorted samples. Every
    /// sample of the epoch is seen once, half of them distorted.
    /// </summary>
    HalfBatch,

    /// <summary>B/2 samples: originals in the first half, a distorted copy of each (same order) in the second.</summary>
    Paired,

    /// <summary>No distortion: every slot is an original.</summary>
    None,

    /// <summary>Every slot is distorted.</summary>
    All,
}
