using OpenCvSharp;

namespace Hpc.Bench.Kernels;

/// <summary>The OpenCV side of Pillow's 3x3 filters: filter2D with the same normalised kernel, 8U in and out.</summary>
public abstract class Filter3x3BenchBase : KernelBenchBase
{
    private Mat _kernel = new();
    private InputArray _cvKernel = null!;

    /// <summary>The 3x3 kernel row-major, already divided by Pillow's scale.</summary>
    protected abstract float[] Kernel { get; }

    protected override void OnSetup()
    {
        _kernel = CvMats.Kernel3x3(Kernel);
        _cvKernel = InputArray.Create(_kernel);
    }

    protected override void RunOpenCv() =>
        Cv2.Filter2D(CvSrc, DstMat, MatType.CV_8U, _cvKernel, new Point(-1, -1), 0, BorderTypes.Replicate);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cvKernel?.Dispose();
            _kernel.Dispose();
        }

        base.Dispose(disposing);
    }
}
