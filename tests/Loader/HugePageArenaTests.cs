namespace Hpc.Loader.Tests;

/// <summary>
/// The in-memory arena asks for transparent huge pages: a 2 MiB-aligned, zeroed block whose advice the kernel takes
/// whenever THP is enabled here ("always" or "madvise"); small blocks and other systems keep the plain allocation.
/// </summary>
public class HugePageArenaTests
{
    private static bool ThpAvailable()
    {
        const string setting = "/sys/kernel/mm/transparent_hugepage/enabled";
        if (!OperatingSystem.IsLinux() || !File.Exists(setting))
        {
            return false;
        }

        string text = File.ReadAllText(setting);
        return text.Contains("[always]", StringComparison.Ordinal) || text.Contains("[madvise]", StringComparison.Ordinal);
    }

    [Fact]
    public unsafe void LargeBlocksAreHugePageAlignedZeroedAndAccounted()
    {
        nuint bytes = (5u << 20) + 123;
        long before = NativeAllocations.Outstanding, beforeBytes = NativeAllocations.OutstandingBytes;
        byte* p = (byte*)NativeAllocations.AlignedAllocHuge(bytes, out bool huge);
        try
        {
            Assert.Equal(ThpAvailable(), huge);
            Assert.Equal(0L, (long)p % (OperatingSystem.IsLinux() ? 2 << 20 : 64));
            Assert.Equal(before + 1, NativeAllocations.Outstanding);
            Assert.Equal(beforeBytes + (long)bytes, NativeAllocations.OutstandingBytes);
            for (nuint i = 0; i < bytes; i += 4093)
            {
                Assert.Equal(0, p[i]);
            }

            Assert.Equal(0, p[bytes - 1]);
            p[bytes - 1] = 7;
        }
        finally
        {
            NativeAllocations.AlignedFree(p, bytes);
        }

        Assert.Equal(before, NativeAllocations.Outstanding);
        Assert.Equal(beforeBytes, NativeAllocations.OutstandingBytes);
    }

    [Fact]
    public unsafe void SmallBlocksKeepThePlainAllocation()
    {
        byte* p = (byte*)NativeAllocations.AlignedAllocHuge(1 << 20, out bool huge);
        NativeAllocations.AlignedFree(p, 1 << 20);
        Assert.False(huge);
        Assert.Equal(0L, (long)p % 64);
    }

    [Fact]
    public void ADatasetOfSeveralMegabytesSitsOnHugePagesWhereTheKernelHasThem()
    {
        (byte[] pixels, int[] labels) = TestData.Make(800, 64, 64);
        using Dataset ds = Dataset.FromImages(pixels, labels, 64, 64, 10);
        Assert.Equal(ThpAvailable(), ds.IsOnHugePages);
        Assert.Equal(pixels.AsSpan(799 * 4096, 4096).ToArray(), ds.Image(799).ToArray().Cast<byte>().ToArray());
        Assert.Equal(labels[799], ds.Label(799));

        using Dataset small = TestData.Dataset(10, 8, 8);
        Assert.False(small.IsOnHugePages);
    }
}
