using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// How the VBMI warps read a source row of at most 64 pixels into one register: a JIT-time choice (the kernels take
/// it as a struct type argument), so the row loops carry no test.
/// </summary>
internal interface IVbmiRowLoad
{
    static abstract unsafe VB Load(byte* line, VB mask);
}

/// <summary>
/// Rows of exactly 64 pixels (the loader's images): a plain load. In the nearest warp's tile loop the masked form also
/// reloaded its mask register from the stack before every row, because that method holds more vectors than there are
/// registers (bench/RESULTS.md, stop 17).
/// </summary>
internal readonly struct WholeRows : IVbmiRowLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe VB Load(byte* line, VB mask) => Vec.Load(line);
}

/// <summary>Shorter rows: a fault-suppressing masked load, so nothing past the row is touched.</summary>
internal readonly struct MaskedRows : IVbmiRowLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe VB Load(byte* line, VB mask) => Avx512BW.MaskLoad(line, mask, VB.Zero);
}
