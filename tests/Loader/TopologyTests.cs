namespace Hpc.Loader.Tests;

public class TopologyTests
{
    [Fact]
    public void CpuListsParseLikeTheKernelWritesThem()
    {
        Assert.Equal([0, 1, 2, 3, 8, 10, 11], CpuTopology.ParseCpuList("0-3,8,10-11\n"));
        Assert.Empty(CpuTopology.ParseCpuList(""));
    }

    [Fact]
    public void EveryAllowedCpuIsListedOnceAndWorkersReportPinning()
    {
        IReadOnlyList<int> cpus = CpuTopology.OrderedCpus;
        Assert.NotEmpty(cpus);
        Assert.Equal(cpus.Count, cpus.Distinct().Count());
        using Dataset ds = TestData.Dataset(64, 8, 8);
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 8, Threads = 2 });
        using (loader.Next())
        {
        }

        Assert.InRange(loader.PinnedThreads, 0, 2);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(2, loader.PinnedThreads);
        }
    }
}
