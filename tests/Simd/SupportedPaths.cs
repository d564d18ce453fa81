namespace Hpc.Simd.Tests;

/// <summary>Theory data for the path-by-path tests: every SIMD path this machine (or this ISA leg) accelerates.</summary>
public static class SupportedPaths
{
    public static TheoryData<SimdPath> All()
    {
        var data = new TheoryData<SimdPath>();
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            data.Add(path);
        }

        return data;
    }
}
