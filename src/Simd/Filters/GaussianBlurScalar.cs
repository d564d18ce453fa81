using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>
/// Readable reference for <see cref="GaussianBlur"/>: Pillow 9.4 ImagingGaussianBlur on an L image. Three extended
/// box passes along each row, then three along each column, every pass rounding back to bytes.
/// </summary>
[SkipLocalsInit]
public static class GaussianBlurScalar
{
    /// <summary>Blurs <paramref name="src"/> into <paramref name="dst"/> (same size, no overlap).</summary>
    /// <exception cref="ArgumentException">Empty source, mismatched or overlapping destination, or a radius that is
    /// negative, NaN, infinite or above <see cref="GaussianBlur.MaxRadius"/>.</exception>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, float radius)
    {
        GaussianBlur.ThrowIfInvalid(src, dst, radius);
        Run(src, dst, radius);
    }

    internal static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, float radius)
    {
        if (radius == 0)
        {
            src.CopyTo(dst);
            return;
        }

        // Tall images go in bands of rows, bit-identical to the whole image (see BlurBands).
        BoxBlurWeights weights = BoxBlurWeights.FromGaussianRadius(radius);
        BlurBands.Run(src, dst, weights.Radius + 1, new GaussianBlur.Passes(weights, SimdPath.Scalar));
    }

    /// <summary>Pillow's six passes over a whole image (or one band of it).</summary>
    internal static void Passes(ReadOnlySpan2D<byte> src, Span2D<byte> dst, BoxBlurWeights weights)
    {
        int h = src.Height, w = src.Width;
        Span<byte> scratch = FilterScratch.Bytes(checked(2 * h * w));
        Span<byte> a = scratch[..(h * w)];
        Span<byte> b = scratch[(h * w)..];
        ref byte s = ref Unsafe.AsRef(in src.DangerousGetReference());
        ref byte d = ref dst.DangerousGetReference();
        nint sp = ImageLayout.Stride(src), dp = ImageLayout.Stride(dst);

        for (int y = 0; y < h; y++)
        {
            ref byte row = ref Unsafe.Add(ref s, y * sp);
            ref byte rowA = ref a[y * w];
            ref byte rowB = ref b[y * w];
            Line(ref row, 1, w, ref rowA, 1, weights);
            Line(ref rowA, 1, w, ref rowB, 1, weights);
            Line(ref rowB, 1, w, ref rowA, 1, weights);
        }

        for (int x = 0; x < w; x++)
        {
            Line(ref a[x], w, h, ref b[x], w, weights);
            Line(ref b[x], w, h, ref a[x], w, weights);
            Line(ref a[x], w, h, ref Unsafe.Add(ref d, x), dp, weights);
        }
    }

    /// <summary>One box pass over a line of n pixels that are <paramref name="step"/> apart.</summary>
    private static void Line(ref byte input, nint step, int n, ref byte output, nint outStep, BoxBlurWeights weights)
    {
        int r = weights.Radius;

        // Pillow's running window, whose out-of-range taps repeat the edge pixels. For x = 0 the left half is the
        // first pixel r + 1 times; the right half runs into the line and, when the radius outgrows the line,
        // repeats the last pixel. Built in O(n) so that huge radii stay linear.
        int inside = Math.Min(r, n - 1);
        uint window = (uint)(r + 1) * At(ref input, step, n, 0);
        for (int k = 1; k <= inside; k++)
        {
            window += At(ref input, step, n, k);
        }

        window += (uint)(r - inside) * At(ref input, step, n, n - 1);
        for (int x = 0; x < n; x++)
        {
            uint far = (uint)(At(ref input, step, n, x - r - 1) + At(ref input, step, n, x + r + 1));
            uint value = (window * weights.Whole + far * weights.Fraction + BoxBlurWeights.Half) >> BoxBlurWeights.Shift;
            Unsafe.Add(ref output, x * outStep) = (byte)value;

            // Slide to x + 1; unsigned wrap-around in the difference cancels out, the sum itself never goes negative.
            window += (uint)(At(ref input, step, n, x + r + 1) - At(ref input, step, n, x - r));
        }
    }

    private static byte At(ref byte input, nint step, int n, int index) =>
        Unsafe.Add(ref input, Math.Clamp(index, 0, n - 1) * step);
}
