using System.Runtime.InteropServices;

namespace Hpc.Train.Interop;

internal static partial class Posix
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    /// <summary>True when running as root on Linux (may then install the dataset package itself).</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;
}
