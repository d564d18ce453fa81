using Hpc.Simd;
using Hpc.Simd.Filters;

namespace Hpc.Bench.Kernels;

/// <summary>Pillow ImageFilter.SHARPEN vs OpenCV filter2D with [-2 x8, 32] / 16.</summary>
public class SharpenBench : Filter3x3BenchBase
{
    protected override float[] Kernel => CvMats.SharpenWeights;

    protected override void RunReference() => SharpenScalar.Apply(Source, Destination);

    protected override void Run(SimdPath path) => Sharpen.Apply(Source, Destination, path);
}
