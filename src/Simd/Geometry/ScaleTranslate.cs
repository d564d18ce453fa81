using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow 9.4 <c>resize((width, height))</c> (BICUBIC for mode L, the two-pass convolution resampler with 22-bit
/// fixed-point weights) then <c>paste</c> at (offsetX, offsetY) onto a black canvas the size of dst, clipped.
/// Only the part of the resized image that lands on the canvas is computed; each pixel is still computed exactly
/// as Pillow does, so the output is bit-identical on every path.
/// </summary>
public static class ScaleTranslate
{
    /// <summary>
    /// Largest resized width or height accepted. Every output index of the resize gets its own filter taps, so a
    /// larger one costs tables of tens of megabytes for a canvas that shows a sliver of it; Pillow itself refuses
    /// sizes whose tables overflow.
    /// </summary>
    public const int MaxSize = 1 << 20;

    /// <summary>Resizes and pastes on the widest SIMD path this machine accelerates.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int width, int height, int offsetX, int offsetY) =>
        Apply(src, dst, width, height, offsetX, offsetY, SimdDispatch.Best);

    /// <summary>Resizes and pastes on a forced path (tests, benchmarks).</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int width, int height, int offsetX, int offsetY, SimdPath path)
    {
        SimdDispatch.ThrowIfUnsupported(path);
        Validate(src, dst, width, height);
        Run(src, dst, width, height, offsetX, offsetY, path);
    }

    internal static void Validate(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int width, int height)
    {
        GeometryGuard.Usable(src, dst);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSize);
    }

    /// <summary>Resizes and pastes in bands whose scratch stays within <paramref name="bandBytes"/> (tests force small bands).</summary>
    internal static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int width, int height, int offsetX, int offsetY, SimdPath path, long bandBytes = Scratch.RetainedBytes)
    {
        dst.Clear();
        // The resized image's columns [rx0, rx1) and rows [ry0, ry1) are the ones that land on the canvas.
        int rx0 = (int)Math.Max(0L, -(long)offsetX);
        int rx1 = (int)Math.Min(width, (long)dst.Width - offsetX);
        int ry0 = (int)Math.Max(0L, -(long)offsetY);
        int ry1 = (int)Math.Min(height, (long)dst.Height - offsetY);
        if (rx0 >= rx1 || ry0 >= ry1)
        {
            return;
        }

        int cols = rx1 - rx0;
        bool needH = width != src.Width;
        bool needV = height != src.Height;
        ResizeAxis? va = needV ? ResizeAxis.Vertical(src.Height, height) : null;
        ResizeAxis? ha = needH ? ResizeAxis.Horizontal(src.Width, width) : null;
        // The horizontal pass keeps its rows in scratch (int32 rows on the fast passes, bytes otherwise): bands of
        // output rows whose source rows fit bandBytes keep that bounded however tall the image, and within the
        // per-thread scratch a thread keeps (each output row reads only its own window of source rows, so the bands
        // change no pixel).
        long rowBytes = ha is null ? 0 : (long)((cols + 63) & ~63) * sizeof(int);
        (int s0, int s1) = Window(va, ry0, ry1);
        if ((s1 - s0) * rowBytes <= bandBytes)
        {
            // Every image of the loader's sizes: one band.
            Band(src, dst.Slice(offsetY + ry0, offsetX + rx0, ry1 - ry0, cols), va, ha, ry0, rx0, s0, s1, path);
            return;
        }

        for (int b0 = ry0, b1; b0 < ry1; b0 = b1)
        {
            (s0, s1) = Window(va, b0, b0 + 1);
            for (b1 = b0 + 1; b1 < ry1; b1++)
            {
                (_, int t1) = Window(va, b1, b1 + 1);
                if ((long)(Math.Max(s1, t1) - s0) * rowBytes > bandBytes)
                {
                    break;
                }

                s1 = Math.Max(s1, t1);
            }

            if ((long)(s1 - s0) * rowBytes > Array.MaxLength - 64)
            {
                throw new ArgumentException(
                    $"Resizing {src.Height} rows to {height} reads {s1 - s0} rows of {cols} columns for one output row, more scratch than an array holds.",
                    nameof(src));
            }

            Band(src, dst.Slice(offsetY + b0, offsetX + rx0, b1 - b0, cols), va, ha, b0, rx0, s0, s1, path);
        }
    }

    /// <summary>The source rows [s0, s1) that the resized image's rows [y0, y1) read (the windows move down with the row).</summary>
    private static (int S0, int S1) Window(ResizeAxis? va, int y0, int y1)
    {
        if (va is null)
        {
            return (y0, y1);
        }

        ReadOnlySpan<int> starts = va.First, counts = va.Count;
        int s1 = starts[y0];
        for (int y = y0; y < y1; y++)
        {
            s1 = Math.Max(s1, starts[y] + counts[y]);
        }

        return (starts[y0], s1);
    }

    /// <summary>
    /// Resized rows [ry0, ry0 + target.Height) and columns [rx0, rx0 + target.Width) into <paramref name="target"/>,
    /// from source rows [s0, s1).
    /// </summary>
    private static void Band(ReadOnlySpan2D<byte> src, Span2D<byte> target, ResizeAxis? va, ResizeAxis? ha, int ry0, int rx0, int s0, int s1, SimdPath path)
    {
        int cols = target.Width;
        // Both fast horizontal passes hand the vertical pass int32 rows, so it never widens a tap. Only the 512-bit
        // path has the two-register byte permute (VBMI); the AVX2 pass transposes eight source rows into column vectors
        // instead (broadcast weights, no lane sums), and serves the 512-bit path too where VBMI is missing (AVX-512
        // before Ice Lake) or the row is too wide for it: the one-vector-per-window pass below it took 4.3 times as
        // long there. The 512-bit vertical pass wants whole 64-column blocks.
        bool vbmi = ha is not null && path == SimdPath.Vector512 && ScaleTranslateVbmi.Applies(src, ha);
        if (ha is not null && (vbmi || (path is SimdPath.Vector512 or SimdPath.Vector256 && ScaleTranslateVector256.Applies(src, cols))))
        {
            int pitch = path == SimdPath.Vector512 ? (cols + 63) & ~63 : (cols + 7) & ~7;
            Span<int> wide = Scratch.Ints((s1 - s0) * pitch);
            ReadOnlySpan2D<byte> band = src.Slice(s0, 0, s1 - s0, src.Width);
            if (vbmi)
            {
                ScaleTranslateVbmi.Horizontal(band, ha, rx0, cols, wide, pitch);
            }
            else
            {
                ScaleTranslateVector256.Horizontal(band, ha, rx0, cols, wide, pitch);
            }

            if (path == SimdPath.Vector512)
            {
                if (va is null)
                {
                    ScaleTranslateVector512.Narrow(wide, pitch, target);
                }
                else
                {
                    ScaleTranslateVector512.Vertical(wide, pitch, s0, va, ry0, target);
                }
            }
            else if (va is null)
            {
                ScaleTranslateVector256.Narrow(wide, pitch, target);
            }
            else
            {
                ScaleTranslateVector256.Vertical(wide, pitch, s0, va, ry0, target);
            }

            return;
        }

        ReadOnlySpan2D<byte> inter;
        if (ha is not null)
        {
            Span<byte> buffer = Scratch.Bytes((s1 - s0) * cols);
            var temp = Span2D<byte>.DangerousCreate(ref buffer[0], s1 - s0, cols, 0);
            switch (path)
            {
                case SimdPath.Vector512:
                    ScaleTranslateVector512.Horizontal(src.Slice(s0, 0, s1 - s0, src.Width), ha, rx0, temp);
                    break;
                case SimdPath.Vector256:
                case SimdPath.Vector128:
                    ScaleTranslateVector128.Horizontal(src.Slice(s0, 0, s1 - s0, src.Width), ha, rx0, temp);
                    break;
                default:
                    ScaleTranslateScalar.Horizontal(src.Slice(s0, 0, s1 - s0, src.Width), ha, rx0, temp);
                    break;
            }

            inter = temp;
        }
        else
        {
            inter = src.Slice(s0, rx0, s1 - s0, cols);
        }

        if (va is null)
        {
            inter.CopyTo(target);
            return;
        }

        switch (path)
        {
            case SimdPath.Vector512:
                ScaleTranslateVector512.Vertical(inter, s0, va, ry0, target);
                break;
            case SimdPath.Vector256:
                ScaleTranslateVector256.Vertical(inter, s0, va, ry0, target);
                break;
            case SimdPath.Vector128:
                ScaleTranslateVector128.Vertical(inter, s0, va, ry0, target);
                break;
            default:
                ScaleTranslateScalar.Vertical(inter, s0, va, ry0, target);
                break;
        }
    }
}
