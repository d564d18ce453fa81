using System.Runtime.Intrinsics.X86;
using Hpc.Simd;

namespace Hpc.Bench.Infrastructure;

/// <summary>What the numbers were measured on: printed before every run so a pasted table carries its context.</summary>
internal static class MachineInfo
{
    public static string CpuModel { get; } = ReadCpuModel();

    public static string Describe() =>
        $"CPU: {CpuModel}, {Environment.ProcessorCount} logical cores | SIMD path: {SimdDispatch.Best} " +
        $"(Avx512BW {Avx512BW.IsSupported}, Avx512Vbmi {Avx512Vbmi.IsSupported}, Avx2 {Avx2.IsSupported}) | " +
        $"core clock {ClockProbe.MeasuredGhz:F2} GHz measured, {ClockProbe.NominalGhz:F1} GHz nominal TSC | " +
        $".NET {Environment.Version} | load {LoadAverage()}";

    private static string ReadCpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
        {
            return "unknown (no /proc/cpuinfo)";
        }

        string? name = null, family = null, model = null;
        foreach (var line in File.ReadLines(CpuInfo))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                if (name is not null)
                {
                    break; // the first processor block is enough
                }

                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "model name": name = value; break;
                case "cpu family": family = value; break;
                case "model": model = value; break;
            }
        }

        // VMs often report a bare "AMD EPYC"; family/model says which generation (26/2 is Zen 5).
        return $"{name ?? "unknown"} (family {family ?? "?"}, model {model ?? "?"})";
    }

    private static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
