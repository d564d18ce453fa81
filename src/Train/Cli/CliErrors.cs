namespace Hpc.Train.Cli;

/// <summary>
/// A mistake in what the user typed (a bad value, a missing input file named by an option). Reported as one red
/// line and exit code 2, the conventional "usage" status, so scripts can tell it from a failure during the run.
/// </summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception inner) : base(message, inner) { }

    public UsageException() { }
}

/// <summary>Exit codes of <c>hpc</c>.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Runtime = 1;
    public const int Usage = 2;

    /// <summary>128 + SIGINT, what shells report for a run stopped by Ctrl-C.</summary>
    public const int Cancelled = 130;
}
