using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>The scalar reference of <see cref="ScaleTranslate"/>: Pillow's ResampleHorizontal/Vertical_8bpc.</summary>
public static class ScaleTranslateScalar
{
    /// <summary>Bicubic resize to (width, height), pasted at (offsetX, offsetY) on a black canvas.</summary>
    public static void Apply(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int width, int height, int offsetX, int offsetY)
    {
        ScaleTranslate.Validate(src, dst, width, height);
        ScaleTranslate.Run(src, dst, width, height, offsetX, offsetY, SimdPath.Scalar);
    }

    /// <summary>Horizontal pass: temp[r, c] = resampled column firstColumn + c of source row r.</summary>
    internal static void Horizontal(ReadOnlySpan2D<byte> src, ResizeAxis axis, int firstColumn, Span2D<byte> temp)
    {
        ReadOnlySpan<int> kernel = axis.Kernel;
        int ksize = axis.KernelSize;
        for (int r = 0; r < temp.Height; r++)
        {
            ReadOnlySpan<byte> inRow = src.GetRowSpan(r);
            Span<byte> outRow = temp.GetRowSpan(r);
            for (int c = 0; c < outRow.Length; c++)
            {
                int xx = firstColumn + c;
                ReadOnlySpan<byte> window = inRow.Slice(axis.First[xx], axis.Count[xx]);
                ReadOnlySpan<int> k = kernel.Slice(xx * ksize, window.Length);
                int sum = 1 << (ResizeAxis.PrecisionBits - 1);
                for (int t = 0; t < window.Length; t++)
                {
                    sum += window[t] * k[t];
                }

                outRow[c] = ResizeAxis.Clip8(sum);
            }
        }
    }

    /// <summary>
    /// Vertical pass: target row i is resized row firstRow + i, summed over the intermediate rows, whose first row is
    /// source row <paramref name="interRow0"/>.
    /// </summary>
    internal static void Vertical(ReadOnlySpan2D<byte> inter, int interRow0, ResizeAxis axis, int firstRow, Span2D<byte> target)
    {
        ReadOnlySpan<int> kernel = axis.Kernel;
        int ksize = axis.KernelSize;
        for (int i = 0; i < target.Height; i++)
        {
            int yy = firstRow + i;
            int y0 = axis.First[yy] - interRow0;
            ReadOnlySpan<int> k = kernel.Slice(yy * ksize, axis.Count[yy]);
            Span<byte> outRow = target.GetRowSpan(i);
            for (int c = 0; c < outRow.Length; c++)
            {
                int sum = 1 << (ResizeAxis.PrecisionBits - 1);
                for (int t = 0; t < k.Length; t++)
                {
                    sum += inter[y0 + t, c] * k[t];
                }

                outRow[c] = ResizeAxis.Clip8(sum);
            }
        }
    }
}
