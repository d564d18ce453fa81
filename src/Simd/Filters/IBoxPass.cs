using System.Runtime.Intrinsics;

namespace Hpc.Simd.Filters;

/// <summary>
/// One box-radius-0 pass of Pillow's extended box blur on 32-bit lanes, out = f(left, centre, right), in the lane
/// encoding the operator chooses: every pixel is widened to a lane, has <see cref="Bias"/> added once before the
/// first pass, and has it subtracted once before packing. The fused row and column kernels take the operator as a
/// struct type argument, so each encoding is its own JIT specialisation with no test in the loop.
/// </summary>
internal interface IBoxPass
{
    /// <summary>Added to a widened pixel (0 for plain integers).</summary>
    static abstract uint Bias { get; }

    /// <summary>The broadcast constants the pass needs, derived from Pillow's weights.</summary>
    static abstract (uint First, uint Second) Constants(BoxBlurWeights weights);

    static abstract Vector128<uint> Apply(Vector128<uint> left, Vector128<uint> centre, Vector128<uint> right, Vector128<uint> first, Vector128<uint> second);

    static abstract Vector256<uint> Apply(Vector256<uint> left, Vector256<uint> centre, Vector256<uint> right, Vector256<uint> first, Vector256<uint> second);

    static abstract Vector512<uint> Apply(Vector512<uint> left, Vector512<uint> centre, Vector512<uint> right, Vector512<uint> first, Vector512<uint> second);
}
