using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VI = System.Runtime.Intrinsics.Vector512<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Truncating narrows of 512-bit lanes by two-register byte permutes, for the VBMI kernels (the bilinear warp's
/// result, <see cref="FixedLaneParts"/>' per-call parts). <see cref="Vector512.Narrow(Vector512{int}, Vector512{int})"/>
/// compiles to vpmovdw/vpmovwb chains, multi-uop instructions that once took about half of the nearest warp's time on
/// Zen 4; one vpermt2b narrows a register pair. Make one per call and keep it in a register across the loop.
/// </summary>
internal readonly struct VbmiNarrow
{
    // Byte 4i of the (a, b) pair for i < 32: the low bytes of 32 int32 lanes (the upper half repeats them).
    private readonly VB dwordBytes;

    // Bytes 4i and 4i + 1 of the pair: the low words of 32 int32 lanes.
    private readonly VB dwordWords;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public VbmiNarrow()
    {
        VB i = VB.Indices;
        dwordBytes = Vec.ShiftLeft(i.AsUInt16(), 2).AsByte() & Vec.Create((byte)0x7C);
        dwordWords = ((Vec.ShiftLeft(i.AsUInt16(), 1).AsByte() & Vec.Create((byte)0x7C)) | (i & Vec.Create((byte)1)));
    }

    /// <summary>The low byte of each int32 lane of a, b, c, d, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public VB Bytes(VI a, VI b, VI c, VI d)
    {
        VB low = Avx512Vbmi.PermuteVar64x8x2(a.AsByte(), dwordBytes, b.AsByte());
        VB high = Avx512Vbmi.PermuteVar64x8x2(c.AsByte(), dwordBytes, d.AsByte());
        return Avx512F.InsertVector256(low.AsUInt64(), high.AsUInt64().GetLower(), 1).AsByte();
    }

    /// <summary>The low word of each int32 lane of a, b, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ushort> Words(VI a, VI b) => Avx512Vbmi.PermuteVar64x8x2(a.AsByte(), dwordWords, b.AsByte()).AsUInt16();
}
