namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow 9.4 <c>precompute_coeffs</c> + <c>normalize_coeffs_8bpc</c> for one axis of a BICUBIC resize (a = -0.5,
/// support 2, widened by the downscale factor): for each output index the first source index, the tap count and
/// 22-bit fixed-point weights. Kept per thread in a small cache of (in, out) pairs, because the double-precision
/// filter evaluations cost more than the resampling of a small image, and the loader's scale op draws a new target
/// size per sample from a bounded range (25..63 px): one slot per pair would recompute on almost every call.
/// </summary>
internal sealed class ResizeAxis
{
    /// <summary>Pillow's PRECISION_BITS for 8-bit channels: 32 - 8 - 2.</summary>
    public const int PrecisionBits = 22;

    /// <summary>Pairs kept per thread and axis; covers every target size of a 64-px policy with room to spare.</summary>
    private const int CacheSlots = 128;

    /// <summary>
    /// Outputs longer than this get tables built for the call and dropped: a slot keeps the largest arrays it has
    /// held, so one huge request would otherwise stay allocated for the thread's lifetime (a 100-megapixel-wide
    /// target held 2,670 MiB). Below it a slot holds at most 4096 * (2 + 5) ints, about 112 KiB, for any upscale.
    /// </summary>
    internal const int CachedOutSize = 4096;

    [ThreadStatic]
    private static ResizeAxis?[]? horizontal;

    [ThreadStatic]
    private static ResizeAxis?[]? vertical;

    private int[] first = [];
    private int[] count = [];
    private int[] kernel = [];

    public int InSize { get; private set; } = -1;

    public int OutSize { get; private set; } = -1;

    /// <summary>Stride of <see cref="Kernel"/> per output index (Pillow's ksize).</summary>
    public int KernelSize { get; private set; }

    public ReadOnlySpan<int> First => first.AsSpan(0, OutSize);

    public ReadOnlySpan<int> Count => count.AsSpan(0, OutSize);

    public ReadOnlySpan<int> Kernel => kernel.AsSpan(0, OutSize * KernelSize);

    public static ResizeAxis Horizontal(int inSize, int outSize) => Get(ref horizontal, inSize, outSize);

    public static ResizeAxis Vertical(int inSize, int outSize) => Get(ref vertical, inSize, outSize);

    private static ResizeAxis Get(ref ResizeAxis?[]? cache, int inSize, int outSize)
    {
        if (outSize > CachedOutSize)
        {
            var once = new ResizeAxis();
            once.Compute(inSize, outSize);
            return once;
        }

        cache ??= new ResizeAxis?[CacheSlots];

        // Direct-mapped on the pair: a miss recomputes that slot in place, so steady state allocates nothing.
        ref ResizeAxis? slot = ref cache[(int)((uint)((inSize * 193) ^ outSize) % CacheSlots)];
        slot ??= new ResizeAxis();
        if (slot.InSize != inSize || slot.OutSize != outSize)
        {
            slot.Compute(inSize, outSize);
        }

        return slot;
    }

    private static double Bicubic(double x)
    {
        const double a = -0.5;
        if (x < 0.0)
        {
            x = -x;
        }

        if (x < 1.0)
        {
            return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1;
        }

        if (x < 2.0)
        {
            return ((((x - 5) * x) + 8) * x - 4) * a;
        }

        return 0.0;
    }

    private void Compute(int inSize, int outSize)
    {
        // Pillow passes the box as floats; in1 - in0 = inSize exactly for any realistic size.
        double scale = (double)(float)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = 2.0 * filterScale;
        int ksize = ((int)Math.Ceiling(support) * 2) + 1;
        Grow(ref first, outSize);
        Grow(ref count, outSize);
        Grow(ref kernel, outSize * ksize);
        double ss = 1.0 / filterScale;
        for (int xx = 0; xx < outSize; xx++)
        {
            double center = (xx + 0.5) * scale;
            int xmin = Math.Max((int)(center - support + 0.5), 0);
            int xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++)
            {
                ww += Bicubic((x + xmin - center + 0.5) * ss);
            }

            Span<int> k = kernel.AsSpan(xx * ksize, ksize);
            k.Clear();
            for (int x = 0; x < xmax; x++)
            {
                // Re-evaluating the filter yields the very double Pillow stored before dividing by the sum.
                double w = Bicubic((x + xmin - center + 0.5) * ss);
                if (ww != 0.0)
                {
                    w /= ww;
                }

                k[x] = w < 0 ? (int)(-0.5 + (w * (1 << PrecisionBits))) : (int)(0.5 + (w * (1 << PrecisionBits)));
            }

            first[xx] = xmin;
            count[xx] = Math.Max(xmax, 0);
        }

        InSize = inSize;
        OutSize = outSize;
        KernelSize = ksize;
    }

    private static void Grow(ref int[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new int[Math.Max(length, 256)];
        }
    }

    /// <summary>Pillow's clip8: the accumulator already carries the rounding half; drop the fraction and saturate.</summary>
    public static byte Clip8(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);
}
