using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd;

/// <summary>
/// The one place that decides which instruction-set path the kernels take. Every kernel's default overload
/// dispatches on <see cref="Best"/>; the overloads that take a <see cref="SimdPath"/> let tests and benchmarks
/// run each path in-process.
/// </summary>
public static class SimdDispatch
{
    /// <summary>The widest path the runtime accelerates on this machine, honouring the DOTNET_Enable* switches.</summary>
    public static SimdPath Best { get; } = Detect();

    /// <summary>Every path that can run here, narrowest first. Scalar is always present.</summary>
    public static IReadOnlyList<SimdPath> Supported { get; } = Enumerable.Range(0, (int)Best + 1).Select(i => (SimdPath)i).ToArray();

    /// <summary>True when <paramref name="path"/> can run on this machine.</summary>
    public static bool IsSupported(SimdPath path) => path >= SimdPath.Scalar && path <= Best;

    /// <summary>Throws <see cref="NotSupportedException"/> naming the path when it cannot run here.</summary>
    public static void ThrowIfUnsupported(SimdPath path)
    {
        if (!IsSupported(path))
        {
            throw new NotSupportedException($"SIMD path {path} is not accelerated on this machine (best: {Best}).");
        }
    }

    private static SimdPath Detect()
    {
        // 512-bit code is gated on both the generic flag and AVX-512BW so that DOTNET_PreferredVectorBitWidth=256
        // and DOTNET_EnableAVX512=0 both demote us, and so that byte-granular ops are really available.
        if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported)
        {
            return SimdPath.Vector512;
        }

        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
        {
            return SimdPath.Vector256;
        }

        return Vector128.IsHardwareAccelerated ? SimdPath.Vector128 : SimdPath.Scalar;
    }
}
