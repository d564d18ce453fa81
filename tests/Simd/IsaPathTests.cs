using System.Collections;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Tests;

/// <summary>
/// Proves which ISA path really ran in this test process: tests/run sets HPC_EXPECT_ISA for each leg together with
/// the DOTNET_Enable* switch that should force it, so a renamed or ignored runtime switch fails here instead of
/// silently re-testing the widest path.
/// </summary>
[Trait("Category", "Isa")]
public sealed class IsaPathTests
{
    [Fact]
    public void BestPathIsTheOneTheLegExpects()
    {
        string? expected = Environment.GetEnvironmentVariable("HPC_EXPECT_ISA");
        if (!string.IsNullOrEmpty(expected))
        {
            Assert.True(Enum.TryParse(expected, ignoreCase: false, out SimdPath path), $"HPC_EXPECT_ISA={expected} is not a SimdPath");
            Assert.Equal(path, SimdDispatch.Best);
        }

        SimdPath consistent =
            Vector512.IsHardwareAccelerated && Avx512BW.IsSupported ? SimdPath.Vector512
            : Vector256.IsHardwareAccelerated && Avx2.IsSupported ? SimdPath.Vector256
            : Vector128.IsHardwareAccelerated ? SimdPath.Vector128
            : SimdPath.Scalar;
        Assert.Equal(consistent, SimdDispatch.Best);
        Assert.Equal(Enumerable.Range(0, (int)SimdDispatch.Best + 1).Select(i => (SimdPath)i), SimdDispatch.Supported);
    }

    [Fact]
    public void RuntimeSwitchesInTheEnvironmentTookEffect()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            string name = (string)entry.Key;
            if (!name.StartsWith("DOTNET_", StringComparison.Ordinal) || (string?)entry.Value != "0")
            {
                continue;
            }

            switch (name)
            {
                case "DOTNET_EnableAVX512":
                    Assert.False(Vector512.IsHardwareAccelerated, name);
                    Assert.False(Avx512F.IsSupported || Avx512BW.IsSupported, name);
                    Assert.True(SimdDispatch.Best < SimdPath.Vector512, name);
                    break;
                case "DOTNET_EnableAVX512v2":
                    // .NET 10's group switch for VBMI and IFMA: the 512-bit path stays, its byte-permute kernels go.
                    Assert.False(Avx512Vbmi.IsSupported, name);
                    break;
                case "DOTNET_EnableAVX2":
                    Assert.False(Avx2.IsSupported, name);
                    Assert.False(Vector256.IsHardwareAccelerated, name);
                    Assert.True(SimdDispatch.Best < SimdPath.Vector256, name);
                    break;
                case "DOTNET_EnableHWIntrinsic":
                    Assert.False(Vector128.IsHardwareAccelerated, name);
                    Assert.False(Sse2.IsSupported, name);
                    Assert.Equal(SimdPath.Scalar, SimdDispatch.Best);
                    break;
                default:
                    break;
            }
        }

        if (Environment.GetEnvironmentVariable("DOTNET_PreferredVectorBitWidth") is { } width && int.TryParse(width, out int bits) && bits <= 256)
        {
            Assert.False(Vector512.IsHardwareAccelerated, "DOTNET_PreferredVectorBitWidth");
            Assert.True(SimdDispatch.Best < SimdPath.Vector512, "DOTNET_PreferredVectorBitWidth");
        }
    }
}
