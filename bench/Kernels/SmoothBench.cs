using Hpc.Simd;
using Hpc.Simd.Filters;

namespace Hpc.Bench.Kernels;

/// <summary>Pillow ImageFilter.SMOOTH vs OpenCV filter2D with [1 x8, 5] / 13.</summary>
public class SmoothBench : Filter3x3BenchBase
{
    protected override float[] Kernel => CvMats.SmoothWeights;

    protected override void RunReference() => SmoothScalar.Apply(Source, Destination);

    protected override void Run(SimdPath path) => Smooth.Apply(Source, Destination, path);
}
