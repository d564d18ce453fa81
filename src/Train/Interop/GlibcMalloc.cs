using System.Runtime.InteropServices;

namespace Hpc.Train.Interop;

/// <summary>
/// Keeps glibc from handing libtorch's big per-step buffers back to the kernel. By default glibc serves blocks
/// above its mmap threshold (128 KiB, adapting up to 32 MiB) with fresh mmap calls and unmaps them on free, so every
/// training step re-faults and re-zeroes its activations page by page: on the 2-core CPU run that was ~30 % of
/// the process's CPU time in the kernel (tens of millions of minor faults). Serving them from the heap and not
/// trimming it makes the pages stay resident from step to step.
/// </summary>
internal static partial class GlibcMalloc
{
    private const int MTrimThreshold = -1;
    private const int MTopPad = -2;
    private const int MMmapMax = -4;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int param, int value);

    /// <summary>True when the settings took effect (Linux with glibc); false elsewhere, which is harmless.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // No mmap-served blocks at all: glibc falls back to mmap by itself if the heap cannot grow.
            return MallOpt(MMmapMax, 0) == 1
                & MallOpt(MTrimThreshold, int.MaxValue) == 1
                & MallOpt(MTopPad, 64 << 20) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // musl and other C libraries have no mallopt
        }
    }
}
