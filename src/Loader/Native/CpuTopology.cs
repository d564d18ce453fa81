using System.Globalization;

namespace Hpc.Loader;

/// <summary>
/// Which CPUs this process may run on, grouped by NUMA node, and the pinning of the calling thread to one of them.
/// Everything degrades to "no pinning" when /sys or sched_*affinity are not there.
/// </summary>
public static unsafe class CpuTopology
{
    private const int MaskWords = 16; // 1024 CPUs

    /// <summary>Allowed CPUs, ordered node by node so that consecutive workers share a node.</summary>
    public static IReadOnlyList<int> OrderedCpus { get; } = BuildOrder(out s_nodeOfCpu);

    private static readonly Dictionary<int, int> s_nodeOfCpu;

    /// <summary>The NUMA node of a CPU (0 when unknown).</summary>
    public static int NodeOf(int cpu) => s_nodeOfCpu.TryGetValue(cpu, out int n) ? n : 0;

    /// <summary>Pins the calling thread to <paramref name="cpu"/>; false (and nothing changed) when that fails.</summary>
    public static bool PinCurrentThread(int cpu)
    {
        if (!Libc.IsLinux || cpu < 0 || cpu >= MaskWords * 64)
        {
            return false;
        }

        ulong* mask = stackalloc ulong[MaskWords];
        new Span<ulong>(mask, MaskWords).Clear();
        mask[cpu / 64] = 1UL << (cpu % 64);
        try
        {
            // pid 0 means the calling thread for sched_setaffinity.
            return Libc.SchedSetAffinity(0, MaskWords * sizeof(ulong), mask) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    private static List<int> AllowedCpus()
    {
        var cpus = new List<int>();
        if (Libc.IsLinux)
        {
            try
            {
                ulong* mask = stackalloc ulong[MaskWords];
                if (Libc.SchedGetAffinity(0, MaskWords * sizeof(ulong), mask) == 0)
                {
                    for (int i = 0; i < MaskWords * 64; i++)
                    {
                        if ((mask[i / 64] & (1UL << (i % 64))) != 0)
                        {
                            cpus.Add(i);
                        }
                    }
                }
            }
            catch (EntryPointNotFoundException)
            {
            }
            catch (DllNotFoundException)
            {
            }
        }

        if (cpus.Count == 0)
        {
            cpus.AddRange(Enumerable.Range(0, Environment.ProcessorCount));
        }

        return cpus;
    }

    private static List<int> BuildOrder(out Dictionary<int, int> nodeOfCpu)
    {
        nodeOfCpu = [];
        List<int> allowed = AllowedCpus();
        const string root = "/sys/devices/system/node";
        try
        {
            if (Directory.Exists(root))
            {
                foreach (string dir in Directory.GetDirectories(root, "node*"))
                {
                    if (!int.TryParse(Path.GetFileName(dir).AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int node))
                    {
                        continue;
                    }

                    string listFile = Path.Combine(dir, "cpulist");
                    if (File.Exists(listFile))
                    {
                        foreach (int cpu in ParseCpuList(File.ReadAllText(listFile)))
                        {
                            nodeOfCpu[cpu] = node;
                        }
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        var map = nodeOfCpu;
        return allowed.OrderBy(c => map.TryGetValue(c, out int n) ? n : 0).ThenBy(c => c).ToList();
    }

    /// <summary>Parses the kernel's cpulist syntax, e.g. "0-3,8,10-11".</summary>
    internal static IEnumerable<int> ParseCpuList(string text)
    {
        foreach (string part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int one))
                {
                    yield return one;
                }
            }
            else if (int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int lo) &&
                     int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int hi))
            {
                for (int c = lo; c <= hi; c++)
                {
                    yield return c;
                }
            }
        }
    }
}
