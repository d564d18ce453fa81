using System.Globalization;

namespace Hpc.Simd.Tests.Fuzz;

/// <summary>
/// Random differential cases (<see cref="FuzzCase"/>) over every public kernel: each accelerated path against the
/// scalar reference, bit for bit, with the bytes around the destination untouched. Each ISA leg of tests/run runs the
/// same seeded cases, so every path meets them. A longer campaign or a replay needs no code:
/// <c>HPC_FUZZ_CASES=1000000 HPC_FUZZ_SEED=7 dotnet test tests/Simd -c Release --filter FullyQualifiedName~DifferentialFuzz</c>;
/// a failure prints the <c>HPC_FUZZ_SEED</c> and <c>HPC_FUZZ_CASE</c> that replay it alone.
/// </summary>
[Trait("Category", "Isa")]
public sealed class DifferentialFuzzTests
{
    /// <summary>About four seconds a leg on the 512-bit path here (three accelerated paths per case).</summary>
    private const int DefaultCases = 4_000;

    private const int DefaultSeed = 20_261_204;

    private const int ConcurrentCases = 1_500;

    [Fact]
    public void EveryPathMatchesTheScalarReference()
    {
        int seed = Setting("HPC_FUZZ_SEED") ?? DefaultSeed;
        int? only = Setting("HPC_FUZZ_CASE");
        int first = only ?? 0, count = only is null ? Setting("HPC_FUZZ_CASES") ?? DefaultCases : 1;
        var failures = new List<string>();
        for (int index = first; index < first + count && failures.Count < 5; index++)
        {
            if (FuzzCase.Create(seed, index).Mismatch() is string mismatch)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"HPC_FUZZ_SEED={seed} HPC_FUZZ_CASE={index}: {mismatch}"));
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} case(s) differ on {SimdDispatch.Best}:\n{string.Join('\n', failures)}");
    }

    [Fact]
    public void EveryPathMatchesTheScalarReferenceOnConcurrentThreads()
    {
        // The kernels keep their caches and scratch per thread; four threads on other cases at once would corrupt
        // any state that is shared by mistake (the loader runs one worker per core).
        int seed = (Setting("HPC_FUZZ_SEED") ?? DefaultSeed) + 1;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Parallel.For(0, ConcurrentCases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, index =>
        {
            if (FuzzCase.Create(seed, index).Mismatch() is string mismatch)
            {
                failures.Enqueue(string.Create(CultureInfo.InvariantCulture, $"HPC_FUZZ_SEED={seed} HPC_FUZZ_CASE={index} (replays it on one thread): {mismatch}"));
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} case(s) differ on {SimdDispatch.Best}:\n{string.Join('\n', failures.Take(5))}");
    }

    [Fact]
    public void CasesReplayFromTheirSeedAndIndex()
    {
        // A replay must meet the very case that failed: the same kernel, parameters and source bytes.
        for (int index = 0; index < 50; index++)
        {
            FuzzCase a = FuzzCase.Create(DefaultSeed, index), b = FuzzCase.Create(DefaultSeed, index);
            Assert.Equal(a.Description, b.Description);
            Assert.Equal(a.Source.Buffer, b.Source.Buffer);
        }
    }

    [Fact]
    public void CasesCoverEveryKernel()
    {
        var seen = new HashSet<string>();
        for (int index = 0; index < DefaultCases; index++)
        {
            seen.Add(FuzzCase.Create(DefaultSeed, index).Kernel);
        }

        Assert.Equal(FuzzCase.Kernels.Order(), seen.Order());
    }

    private static int? Setting(string name) =>
        Environment.GetEnvironmentVariable(name) is string value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
}
