using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using Hpc.Simd;

namespace Hpc.Bench.Infrastructure;

/// <summary>
/// Drops the benchmark methods of SIMD paths this machine cannot run (category = a <see cref="SimdPath"/> name),
/// so a run on an AVX2-only box, or with DOTNET_EnableAVX512=0, reports the paths it has instead of failing.
/// </summary>
internal sealed class SupportedPathFilter : IFilter
{
    public bool Predicate(BenchmarkCase benchmarkCase)
    {
        foreach (var category in benchmarkCase.Descriptor.Categories)
        {
            if (Enum.TryParse<SimdPath>(category, out var path) && !SimdDispatch.IsSupported(path))
            {
                return false;
            }
        }

        return true;
    }
}
