using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;

namespace Hpc.Bench.Infrastructure;

/// <summary>
/// A short job so the whole kernel suite fits in about ten minutes on the 2-core host: each case is at most a few
/// microseconds, so 150 ms iterations already hold tens of thousands of calls. Eight of them keep the suite (150
/// cases) near ten minutes on 2 quiet cores.
/// </summary>
internal sealed class KernelConfig : ManualConfig
{
    public KernelConfig()
    {
        // Start from the defaults (console logger, standard columns, markdown/CSV exporters, validators) and only
        // shorten the job and add our columns.
        var defaults = DefaultConfig.Instance;
        AddLogger([.. defaults.GetLoggers()]);
        AddColumnProvider([.. defaults.GetColumnProviders()]);
        AddExporter([.. defaults.GetExporters()]);
        AddAnalyser([.. defaults.GetAnalysers()]);
        AddValidator([.. defaults.GetValidators()]);
        var job = Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(8)
            .WithIterationTime(TimeInterval.FromMilliseconds(150))
            .WithId("Short");
        if (Environment.GetEnvironmentVariable("HPC_BENCH_OPENCV_IPP") != "1")
        {
            // The official OpenCvSharp runtime bundles Intel IPP, which runs CPUID on every call
            // (icv_ipp_is_GenuineIntel); in a VM each CPUID traps to the hypervisor and adds ~10-20 us per call,
            // drowning the kernel. OpenCV's own SIMD code is what we compare against (Debian's OpenCV in
            // native/opencv-bench has no IPP either). HPC_BENCH_OPENCV_IPP=1 keeps IPP on.
            job = job.WithEnvironmentVariable("OPENCV_IPP", "disabled");
        }

        AddJob(job);
        AddDiagnoser(MemoryDiagnoser.Default);
        // On a shared machine the least-disturbed iteration is worth seeing, and the median is the level most
        // iterations ran at: one slow phase of the host can move the mean by half (bench/RESULTS.md, stop 17).
        AddColumn(StatisticColumn.Min);
        AddColumn(StatisticColumn.Median);
        AddColumn(new PerImageColumn(PerImageColumn.Kind.ImagesPerSecond));
        AddColumn(new PerImageColumn(PerImageColumn.Kind.CyclesPerPixelMeasured));
        AddColumn(new PerImageColumn(PerImageColumn.Kind.CyclesPerPixelNominal));
        AddFilter(new SupportedPathFilter());
        // The generated project rebuilds Simd, Loader and Bench; with other builds running on the 2 cores that took
        // over the default two minutes.
        WithBuildTimeout(TimeSpan.FromMinutes(10));
        WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Nanosecond).WithMaxParameterColumnWidth(40));
    }
}
