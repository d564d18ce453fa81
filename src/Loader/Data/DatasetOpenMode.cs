namespace Hpc.Loader;

/// <summary>How <see cref="Dataset.OpenPacked"/> makes the records reachable.</summary>
public enum DatasetOpenMode
{
    /// <summary>Read the whole file into one pinned, aligned native block (verifies the data checksum).</summary>
    Load,

    /// <summary>Map the file; pages come in ahead of the sampler and are released behind it. For data larger than RAM.</summary>
    Map,
}
