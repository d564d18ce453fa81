using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>A whole-image blur that <see cref="BlurBands"/> runs band by band.</summary>
internal interface IBandBlur
{
    void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst);
}

/// <summary>
/// Runs a blur of three vertical passes over bands of rows, so that its scratch stays within
/// <see cref="Scratch.RetainedBytes"/> whatever the image's height: tall images then allocate nothing per call,
/// and no scratch size outgrows 32 bits. Each band is blurred together with <see cref="Halo"/> rows of the image above
/// and below it, and only its own rows are kept. That is bit-identical to blurring the whole image: a pass reads at
/// most <c>pad</c> rows either side, so after three passes a kept row still sees nothing of the band's cut, where the
/// band replicates its edge row and the whole image would not.
/// </summary>
internal static class BlurBands
{
    /// <summary>The most any blur path leases per image row besides the band itself: two planes of rows padded by
    /// <paramref name="pad"/> each side, or the fused kernels' 64 lanes of 32 bits.</summary>
    private static long ScratchPerRow(int width, int pad) => Math.Max(64L * sizeof(uint), 2L * (width + (2L * pad)));

    /// <summary>Rows read above and below a band: three passes of reach <paramref name="pad"/>.</summary>
    public static long Halo(int pad) => 3L * pad;

    /// <summary>Blurs in bands of <see cref="CoreRows"/> rows (one band when the whole image fits the budget).</summary>
    public static void Run<TBlur>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int pad, TBlur blur)
        where TBlur : struct, IBandBlur =>
        Run(src, dst, pad, CoreRows(src.Width, src.Height, pad), blur);

    /// <summary>Blurs in bands of <paramref name="coreRows"/> rows each (tests force small bands).</summary>
    internal static void Run<TBlur>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int pad, int coreRows, TBlur blur)
        where TBlur : struct, IBandBlur
    {
        int h = src.Height, w = src.Width;
        if (coreRows >= h)
        {
            blur.Run(src, dst);
            return;
        }

        long halo = Halo(pad);
        for (int y0 = 0; y0 < h; y0 += Math.Min(coreRows, h - y0))
        {
            int y1 = (int)Math.Min(h, (long)y0 + coreRows);
            int top = (int)Math.Max(0, y0 - halo);
            int bottom = (int)Math.Min(h, y1 + halo);
            Span<byte> rows = FilterScratch.Band(checked((bottom - top) * w));
            var band = Span2D<byte>.DangerousCreate(ref rows[0], bottom - top, w, 0);
            blur.Run(src.Slice(top, 0, bottom - top, w), band);
            band.Slice(y0 - top, 0, y1 - y0, w).CopyTo(dst.Slice(y0, 0, y1 - y0, w));
        }
    }

    /// <summary>
    /// Rows per band: the image's height when its scratch fits <see cref="Scratch.RetainedBytes"/>, else as many
    /// as fit with the halos, and never fewer than two halos' worth (so wide images with large radii recompute at
    /// most as many rows as they keep). Throws when even such a band's scratch would not fit an array.
    /// </summary>
    public static int CoreRows(int width, int height, int pad)
    {
        long perRow = ScratchPerRow(width, pad) + width;
        if (height * perRow <= Scratch.RetainedBytes)
        {
            return height;
        }

        long halo = Halo(pad);
        long core = Math.Max((Scratch.RetainedBytes / perRow) - (2 * halo), 2 * halo);
        long bandRows = Math.Min(height, core + (2 * halo));
        if (bandRows * perRow > Array.MaxLength - 64)
        {
            throw new ArgumentException(
                $"A {width} x {height} image is too large to blur with a box radius of {pad - 1}: a band of {bandRows} rows would need {bandRows * perRow} bytes of scratch, above the largest array.",
                "src");
        }

        return (int)Math.Min(core, height);
    }
}
