using System.Runtime.Intrinsics;

namespace Hpc.Simd.Filters;

/// <summary>
/// What turns the 3x3 box sum and the centre pixel into an output pixel; every 3x3 filter we ship is
/// a * box9 + b * centre in disguise, so one box-sum driver per ISA serves them all. Inputs and outputs are 16-bit
/// lanes holding values in [0, 9 * 255] and [0, 255].
/// </summary>
internal interface IStencil3x3Operator
{
    static abstract int Scalar(int box9, int centre);

    static abstract Vector128<ushort> Apply(Vector128<ushort> box9, Vector128<ushort> centre);

    static abstract Vector256<ushort> Apply(Vector256<ushort> box9, Vector256<ushort> centre);

    static abstract Vector512<ushort> Apply(Vector512<ushort> box9, Vector512<ushort> centre);
}
