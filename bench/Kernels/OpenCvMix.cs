using OpenCvSharp;
using CvScalar = OpenCvSharp.Scalar;

namespace Hpc.Bench.Kernels;

/// <summary>
/// The OpenCV counterpart of the classic policy for <see cref="FullDistortionBench"/>: per sample one of rotate
/// (warpAffine nearest), shear (warpAffine nearest), bicubic scale + paste, sine roll (remap), then one of
/// GaussianBlur, sharpen, smooth (filter2D), then convertTo(CV_16F). Choices and parameters are drawn once, from
/// the policy's ranges, so the timed loop only runs OpenCV.
/// </summary>
internal sealed class OpenCvMix : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly Mat[] _sources;
    private readonly Mat _geometric;
    private readonly Mat _filtered;
    private readonly Mat _half;
    private readonly Mat _sharpen;
    private readonly Mat _smooth;
    private readonly Action<Mat>[] _geometry;
    private readonly Action<Mat>[] _filter;
    private readonly int _size;

    public OpenCvMix(int size, int samples, byte[][] sources)
    {
        _size = size;
        _sources = [.. sources.Select(s => Own(CvMats.Image(s, size)))];
        _geometric = Own(new Mat(size, size, MatType.CV_8UC1, CvScalar.All(0)));
        _filtered = Own(new Mat(size, size, MatType.CV_8UC1, CvScalar.All(0)));
        _half = Own(new Mat(size, size, MatType.CV_16FC1));
        _sharpen = Own(CvMats.Kernel3x3(CvMats.SharpenWeights));
        _smooth = Own(CvMats.Kernel3x3(CvMats.SmoothWeights));
        var random = new Random(7);
        _geometry = new Action<Mat>[samples];
        _filter = new Action<Mat>[samples];
        for (var i = 0; i < samples; i++)
        {
            _geometry[i] = DrawGeometry(random);
            _filter[i] = DrawFilter(random);
        }
    }

    public void Run()
    {
        for (var i = 0; i < _geometry.Length; i++)
        {
            _geometry[i](_sources[i % _sources.Length]);
            _filter[i](_geometric);
            _filtered.ConvertTo(_half, MatType.CV_16F, 1.0 / 255, 0);
        }
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        _owned.Clear();
    }

    private Action<Mat> DrawGeometry(Random random)
    {
        var size = new Size(_size, _size);
        switch (random.Next(4))
        {
            case 0:
                {
                    var m = Own(Cv2.GetRotationMatrix2D(new Point2f(_size / 2f, _size / 2f), Uniform(random, -15, 15), 1));
                    return src => Cv2.WarpAffine(src, _geometric, m, size, InterpolationFlags.Nearest);
                }

            case 1:
                {
                    var m = Own(CvMats.Matrix2x3(1, Uniform(random, -0.2, 0.2), 0, 0, 1, 0));
                    return src => Cv2.WarpAffine(src, _geometric, m, size, InterpolationFlags.Nearest | InterpolationFlags.WarpInverseMap);
                }

            case 2:
                {
                    var scaled = random.Next((int)Math.Round(25.0 / 64 * _size), (int)Math.Round(63.0 / 64 * _size) + 1);
                    var ox = random.Next(0, _size - scaled + 1);
                    var oy = random.Next(0, _size - scaled + 1);
                    var small = Own(new Mat(scaled, scaled, MatType.CV_8UC1));
                    var roi = Own(new Mat(_geometric, new Rect(ox, oy, scaled, scaled)));
                    return src =>
                    {
                        Cv2.Resize(src, small, new Size(scaled, scaled), 0, 0, InterpolationFlags.Cubic);
                        _geometric.SetTo(CvScalar.All(0));
                        small.CopyTo(roi);
                    };
                }

            default:
                {
                    var amplitude = Uniform(random, 1.0 / 64, 4.0 / 64) * _size;
                    var frequency = Uniform(random, 0.5, 2) / _size;
                    var map = Own(CvMats.SineRollMap(_size, amplitude, frequency));
                    var none = Own(new Mat());
                    return src => Cv2.Remap(src, _geometric, map, none, InterpolationFlags.Nearest);
                }
        }
    }

    private Action<Mat> DrawFilter(Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                {
                    var sigma = Uniform(random, 0.5, 1.2);
                    return src => Cv2.GaussianBlur(src, _filtered, new Size(0, 0), sigma, sigma, BorderTypes.Replicate);
                }

            case 1:
                return src => Cv2.Filter2D(src, _filtered, MatType.CV_8U, _sharpen, new Point(-1, -1), 0, BorderTypes.Replicate);
            default:
                return src => Cv2.Filter2D(src, _filtered, MatType.CV_8U, _smooth, new Point(-1, -1), 0, BorderTypes.Replicate);
        }
    }

    private static double Uniform(Random random, double lo, double hi) => lo + ((hi - lo) * random.NextDouble());

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
