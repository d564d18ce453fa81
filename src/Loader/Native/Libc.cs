using System.Runtime.InteropServices;

namespace Hpc.Loader;

/// <summary>The few libc calls .NET does not wrap. Every caller treats failure as "not available here".</summary>
internal static unsafe partial class Libc
{
    internal const int MadvRandom = 1;
    internal const int MadvWillNeed = 3;
    internal const int MadvDontNeed = 4;
    internal const int MadvHugePage = 14;
    internal const int PosixFadvWillNeed = 3;
    internal const int PosixFadvDontNeed = 4;

    /// <summary>The x86-64 transparent huge page: one TLB entry maps this much.</summary>
    internal const int HugePageSize = 2 << 20;

    internal static bool IsLinux { get; } = OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "mlock", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int MLock(void* addr, nuint len);

    [LibraryImport("libc", EntryPoint = "munlock", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int MUnlock(void* addr, nuint len);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int MAdvise(void* addr, nuint len, int advice);

    [LibraryImport("libc", EntryPoint = "posix_fadvise", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int PosixFadvise(int fd, long offset, long len, int advice);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int SchedSetAffinity(int pid, nuint cpusetsize, ulong* mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int SchedGetAffinity(int pid, nuint cpusetsize, ulong* mask);

    [LibraryImport("libc", EntryPoint = "getpagesize")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int GetPageSize();

    internal static int PageSize { get; } = IsLinux ? SafePageSize() : 4096;

    /// <summary>
    /// Whether the kernel hands out transparent huge pages to regions advised with MADV_HUGEPAGE: THP set to "always"
    /// or "madvise". The advice itself succeeds whenever THP is compiled in, even when it is set to "never".
    /// </summary>
    internal static bool TransparentHugePages { get; } = IsLinux && ReadThpSetting();

    private static bool ReadThpSetting()
    {
        try
        {
            string text = File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled");
            return text.Contains("[always]", StringComparison.Ordinal) || text.Contains("[madvise]", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int SafePageSize()
    {
        try
        {
            int p = GetPageSize();
            return p > 0 ? p : 4096;
        }
        catch (DllNotFoundException)
        {
            return 4096;
        }
        catch (EntryPointNotFoundException)
        {
            return 4096;
        }
    }

    /// <summary>madvise on the page-aligned hull of [addr, addr+len); false when the call is unavailable or fails.</summary>
    internal static bool AdviseRange(byte* baseAddr, long baseLength, long offset, long length, int advice)
    {
        if (!IsLinux || length <= 0)
        {
            return false;
        }

        long page = PageSize;
        long start = Math.Max(0, offset / page * page);
        long end = Math.Min(baseLength, (offset + length + page - 1) / page * page);
        if (end <= start)
        {
            return false;
        }

        try
        {
            return MAdvise(baseAddr + start, (nuint)(end - start), advice) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
