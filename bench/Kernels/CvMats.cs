using OpenCvSharp;

namespace Hpc.Bench.Kernels;

/// <summary>The OpenCV inputs the benchmarks share: images, 2x3 matrices, 3x3 kernels and the sine-roll map.</summary>
internal static class CvMats
{
    /// <summary>Pillow SHARPEN as OpenCV weights: [-2 x8, 32] / 16.</summary>
    public static float[] SharpenWeights => Scaled([-2, -2, -2, -2, 32, -2, -2, -2, -2], 16);

    /// <summary>Pillow SMOOTH as OpenCV weights: [1 x8, 5] / 13.</summary>
    public static float[] SmoothWeights => Scaled([1, 1, 1, 1, 5, 1, 1, 1, 1], 13);

    public static Mat Image(byte[] pixels, int size)
    {
        var mat = new Mat(size, size, MatType.CV_8UC1);
        mat.SetArray(pixels);
        return mat;
    }

    /// <summary>A 2x3 CV_64F affine matrix, row-major.</summary>
    public static Mat Matrix2x3(double a, double b, double c, double d, double e, double f)
    {
        var mat = new Mat(2, 3, MatType.CV_64FC1);
        mat.SetArray(new[] { a, b, c, d, e, f });
        return mat;
    }

    public static Mat Kernel3x3(float[] weights)
    {
        var mat = new Mat(3, 3, MatType.CV_32FC1);
        mat.SetArray(weights);
        return mat;
    }

    /// <summary>
    /// Our sine warp as a remap: column x rolled down by (int)(amplitude * sin(-2 pi x frequency)) with
    /// wrap-around, converted once to OpenCV's fastest fixed-point map (CV_16SC2, nearest), so OpenCV is not charged
    /// for float maps.
    /// </summary>
    public static Mat SineRollMap(int size, double amplitude, double frequency)
    {
        using var mapX = new Mat(size, size, MatType.CV_32FC1);
        using var mapY = new Mat(size, size, MatType.CV_32FC1);
        var xs = new float[size * size];
        var ys = new float[size * size];
        for (var x = 0; x < size; x++)
        {
            var shift = (int)(amplitude * Math.Sin(-2 * Math.PI * x * frequency));
            for (var y = 0; y < size; y++)
            {
                xs[(y * size) + x] = x;
                ys[(y * size) + x] = (((y - shift) % size) + size) % size;
            }
        }

        mapX.SetArray(xs);
        mapY.SetArray(ys);
        var map = new Mat();
        using var unused = new Mat();
        Cv2.ConvertMaps(mapX, mapY, map, unused, MatType.CV_16SC2, nnInterpolation: true);
        return map;
    }

    private static float[] Scaled(float[] weights, float divisor) => [.. weights.Select(w => w / divisor)];
}
