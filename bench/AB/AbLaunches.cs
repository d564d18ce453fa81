using System.Diagnostics;
using System.Globalization;

namespace Hpc.Bench.AB;

/// <summary>
/// <c>ab --launches N</c>: the same comparison in N child processes, one after another, summarised over them.
/// <para>
/// Within one process each build's code, as dynamic PGO shaped it for that launch, stays as it is for the whole run,
/// and for some kernels that moves the time by far more than the change under test: comparing a build with itself
/// (an A/A run, the build's own folder as the baseline) gave B/A from 0.56 to 1.25 for the policy's scale-translate
/// and 0.77 to 1.26 for rotate-nearest, consistent within each launch, while the blur and 3x3 filters stayed within
/// 0.96-1.04 (with DOTNET_TieredPGO=0, scale-translate's spread was 0.99-1.02). A new process compiles anew, so the
/// minimum over launches of each side's minimum, and the spread of the per-launch ratios, are what such a kernel's
/// comparison can rest on.
/// </para>
/// <para>
/// <c>twin --launches N</c> runs the same way: its reference loops are shaped by dynamic PGO per launch too (rotate
/// nearest's measured 3,700 to 4,735 ns from one launch to the next), and its rows read as A = reference, B = kernel,
/// summarised as the speed-up A/B.
/// </para>
/// </summary>
internal static class AbLaunches
{
    public static int Run(IReadOnlyList<string> args, int launches, string verb = "ab")
    {
        bool twin = verb == "twin";
        var childArgs = new List<string> { typeof(AbLaunches).Assembly.Location, verb };
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--launches")
            {
                i++;
                continue;
            }

            childArgs.Add(args[i]);
        }

        var rows = new Dictionary<(string Op, string Size), List<(double A, double B, string Outputs)>>();
        var order = new List<(string Op, string Size)>();
        int worst = 0;
        for (int launch = 0; launch < launches; launch++)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            childArgs.ForEach(start.ArgumentList.Add);
            using Process child = Process.Start(start) ?? throw new InvalidOperationException($"{verb}: could not start a child process");
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            // 0: outputs identical, 1: some differ (still a comparison); anything else is a failed launch.
            if (child.ExitCode is not (0 or 1))
            {
                Console.Error.WriteLine($"{verb}: launch {launch + 1} failed with exit code {child.ExitCode}");
                return 2;
            }

            worst = Math.Max(worst, child.ExitCode);

            foreach (string line in output.Split('\n'))
            {
                // ab: | op | size | A min | B min | B/A (mins) | B/A (median) | outputs |; twin: the same without outputs.
                string[] cells = line.Split('|', StringSplitOptions.TrimEntries);
                if (cells.Length != (twin ? 8 : 9) || !double.TryParse(cells[3], NumberStyles.Number, CultureInfo.InvariantCulture, out double a)
                    || !double.TryParse(cells[4], NumberStyles.Number, CultureInfo.InvariantCulture, out double b))
                {
                    continue;
                }

                var key = (cells[1], cells[2]);
                if (!rows.TryGetValue(key, out var list))
                {
                    rows[key] = list = [];
                    order.Add(key);
                }

                list.Add((a, b, twin ? "" : cells[7]));
            }
        }

        if (order.Count == 0)
        {
            Console.Error.WriteLine($"{verb}: the launches printed no result rows");
            return 2;
        }

        Console.WriteLine($"{verb}: {launches} launches of `{string.Join(' ', childArgs.Skip(1))}`");
        Console.WriteLine();
        Console.WriteLine(twin
            ? "| kernel | case | reference min ns (all launches) | kernel min ns (all launches) | reference / kernel (mins) | per launch, lowest-highest |"
            : "| op | size | A min ns/call (all launches) | B min ns/call (all launches) | B/A (mins) | B/A per launch, lowest-highest | outputs |");
        Console.WriteLine(twin ? "|---|---|---:|---:|---:|---|" : "|---|---:|---:|---:|---:|---|---|");
        foreach (var key in order)
        {
            var list = rows[key];
            double a = list.Min(r => r.A), b = list.Min(r => r.B);
            if (twin)
            {
                double slow = list.Min(r => r.A / r.B), fast = list.Max(r => r.A / r.B);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key.Op} | {key.Size} | {a:N0} | {b:N0} | {a / b:F1}x | {slow:F1}x-{fast:F1}x |"));
                continue;
            }

            double low = list.Min(r => r.B / r.A), high = list.Max(r => r.B / r.A);
            string outputs = list.All(r => r.Outputs == "identical") ? "identical" : "DIFFER";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key.Op} | {key.Size} | {a:N0} | {b:N0} | {b / a:F3} | {low:F3}-{high:F3} | {outputs} |"));
        }

        return worst;
    }
}
