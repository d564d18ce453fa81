using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The 2x2 taps of a 64-lane tile for the VBMI bilinear and fused warps, gathered one crossed source row at a time:
/// each row is permuted at the left and right tap columns, and the results land in the top taps of the lanes whose
/// top row it is and in the bottom taps of the lanes whose top row was the previous one. The two masks are compares
/// of one countdown against constants, which the JIT keeps in mask registers; a mask carried from row to row would be
/// spilled to a vector and back every row.
/// </summary>
internal ref struct VbmiTapRows(VB relativeRow)
{
    public VB P00 = VB.Zero, P01 = VB.Zero, P10 = VB.Zero, P11 = VB.Zero;

    // relativeRow minus the rows taken so far: 0 where this row is the top row, -1 where it is the bottom row.
    private VB countdown = relativeRow;

    /// <summary>Takes the next source row, read in place with fault-suppressing masked loads (one or two registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Take(byte* line, VB maskLo, VB maskHi, bool twoRegisters, VB left, VB right)
    {
        VB lo = Avx512BW.MaskLoad(line, maskLo, VB.Zero);
        VB hi = twoRegisters ? Avx512BW.MaskLoad(line + VB.Count, maskHi, VB.Zero) : VB.Zero;
        VB a = Avx512Vbmi.PermuteVar64x8x2(lo, left, hi);
        VB b = Avx512Vbmi.PermuteVar64x8x2(lo, right, hi);
        VB top = Vec.Equals(countdown, VB.Zero);
        VB bottom = Vec.Equals(countdown, VB.AllBitsSet);
        P00 = Avx512BW.BlendVariable(P00, a, top);
        P01 = Avx512BW.BlendVariable(P01, b, top);
        P10 = Avx512BW.BlendVariable(P10, a, bottom);
        P11 = Avx512BW.BlendVariable(P11, b, bottom);
        countdown -= Vec.Create((byte)1);
    }
}
