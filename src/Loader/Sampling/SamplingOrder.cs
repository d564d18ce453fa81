namespace Hpc.Loader;

/// <summary>How an epoch's sample order is drawn.</summary>
public enum SamplingOrder
{
    /// <summary>Random for in-memory datasets, quasi-random for mapped ones.</summary>
    Auto,

    /// <summary>A uniform random permutation of all samples.</summary>
    Random,

    /// <summary>
    /// Contiguous blocks of samples in random order, samples shuffled only within a window of blocks: disk reads
    /// stay mostly sequential and only a window's pages need to be resident.
    /// </summary>
    QuasiRandom,
}
