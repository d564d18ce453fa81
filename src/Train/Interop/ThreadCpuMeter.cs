using System.Globalization;

namespace Hpc.Train.Interop;

/// <summary>
/// CPU time of this process's threads whose name starts with a prefix (the loader names its workers
/// "Hpc.Loader worker N"), read from /proc/self/task/*/stat. Threads that exit between two samples keep the
/// CPU time they had at the last sample, so sample before anything that restarts them (e.g. loader Restore).
/// Linux only; elsewhere it reports zero.
/// </summary>
internal sealed class ThreadCpuMeter(string namePrefix)
{
    // The kernel keeps 15 bytes of a thread name.
    private readonly string _prefix = namePrefix.Length > 15 ? namePrefix[..15] : namePrefix;
    private readonly Dictionary<int, long> _lastTicks = [];
    private long _retiredTicks;
    private static readonly double SecondsPerTick = 1.0 / 100; // USER_HZ is 100 on every Linux ABI .NET supports.

    public static bool Supported => OperatingSystem.IsLinux() && Directory.Exists("/proc/self/task");

    /// <summary>Total CPU seconds of matching threads seen so far (alive now or retired).</summary>
    public double Sample()
    {
        if (!Supported)
        {
            return 0;
        }

        var alive = new HashSet<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int tid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread exited while we listed it
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "tid (comm) state ..." - comm may contain spaces and parentheses, so split at the last ')'.
            int open = stat.IndexOf('(', StringComparison.Ordinal), close = stat.LastIndexOf(')');
            if (open < 0 || close < open || !stat.AsSpan(open + 1, close - open - 1).StartsWith(_prefix, StringComparison.Ordinal))
            {
                continue;
            }

            string[] f = stat[(close + 2)..].Split(' ');
            // After the comm: state(0) ... utime is field 14 of stat, i.e. index 11 here; stime index 12.
            if (f.Length > 12
                && long.TryParse(f[11], NumberStyles.None, CultureInfo.InvariantCulture, out long ut)
                && long.TryParse(f[12], NumberStyles.None, CultureInfo.InvariantCulture, out long st))
            {
                _lastTicks[tid] = ut + st;
                alive.Add(tid);
            }
        }

        foreach (int gone in _lastTicks.Keys.Where(t => !alive.Contains(t)).ToList())
        {
            _retiredTicks += _lastTicks[gone];
            _lastTicks.Remove(gone);
        }

        return (_retiredTicks + _lastTicks.Values.Sum()) * SecondsPerTick;
    }
}
