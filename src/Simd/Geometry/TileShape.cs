namespace Hpc.Simd.Geometry;

/// <summary>
/// The block shapes of the byte-lookup warps (<see cref="AffineNearestVbmi"/>, <see cref="FusedAffineVbmi"/>,
/// <see cref="AffineNearestAvx2"/>, <see cref="AffineNearestShuffle128"/>; the bilinear and fused shuffle engines
/// weigh chunks too, <see cref="ShuffleBlocks"/>): a register of outputs laid out as a tile of TW columns by TH rows, in 16.16
/// coordinates that are linear in the output pixel. Each crossed source row costs a lookup, so the shape that crosses
/// the fewest rows wins (a wide tile for near-horizontal maps, a square-ish one for rotations).
/// </summary>
internal static class TileShape
{
    /// <summary>
    /// The tile height (1, 2, 4, ... up to <paramref name="maxHeight"/>) of a <paramref name="lanes"/>-output tile
    /// whose row coordinate spreads least over the tile, or 0 when no shape fits the destination.
    /// <paramref name="rows"/> is that spread in rows (a tile crosses at most that plus two).
    /// </summary>
    public static int FewestRows(int lanes, int maxHeight, int dstWidth, int dstHeight, double rowPerX, double rowPerY, out double rows) =>
        FewestRows(lanes, 1, maxHeight, dstWidth, dstHeight, rowPerX, rowPerY, 0, 0, double.PositiveInfinity, out rows);

    /// <summary>
    /// The same among the shapes of at least two rows whose column coordinate (16.16 steps
    /// <paramref name="columnPerX"/>, <paramref name="columnPerY"/>) spans at most <paramref name="maxColumns"/>
    /// columns of taps over the tile: the shapes whose taps fit one window of a wide source row.
    /// </summary>
    public static int FewestRowsInWindow(int lanes, int maxHeight, int dstWidth, int dstHeight, double rowPerX, double rowPerY,
        double columnPerX, double columnPerY, double maxColumns, out double rows) =>
        FewestRows(lanes, 2, maxHeight, dstWidth, dstHeight, rowPerX, rowPerY, columnPerX, columnPerY, maxColumns, out rows);

    private static int FewestRows(int lanes, int minHeight, int maxHeight, int dstWidth, int dstHeight, double rowPerX, double rowPerY,
        double columnPerX, double columnPerY, double maxColumns, out double rows)
    {
        int best = 0;
        rows = double.MaxValue;
        for (int th = minHeight; th <= maxHeight; th *= 2)
        {
            int tw = lanes / th;
            if (dstWidth < tw || dstHeight < th || TapColumns(columnPerX, columnPerY, tw, th) > maxColumns)
            {
                continue;
            }

            double spread = ((Math.Abs(rowPerX) * (tw - 1)) + (Math.Abs(rowPerY) * (th - 1))) / 65536.0;
            if (spread < rows)
            {
                rows = spread;
                best = th;
            }
        }

        return best;
    }

    /// <summary>
    /// The columns a tile of <paramref name="tileWidth"/> by <paramref name="tileHeight"/> takes taps from, for a column
    /// coordinate with these 16.16 steps: its spread over the tile plus one, since the floor of a coordinate that
    /// spreads this far takes at most one more column. <see cref="FewestRowsInWindow"/> holds shapes to it, and the
    /// engines that choose a window's size from the chosen shape use the same expression.
    /// </summary>
    public static double TapColumns(double perX, double perY, int tileWidth, int tileHeight) =>
        ((Math.Abs(perX) * (tileWidth - 1)) + (Math.Abs(perY) * (tileHeight - 1))) / 65536.0 + 1;

    /// <summary>
    /// The offsets from a tile's first pixel to its lowest and highest coordinate on one axis: the map is linear, so the
    /// extremes sit at the two corners the signs of the steps pick. Replacing four corners' min and max per tile, which
    /// the JIT compiled to compare-and-branch chains. In 64 bits: a column step of Pillow's fixed mode can reach 2,000
    /// pixels, and 31 of them pass the int32 range of 16.16.
    /// </summary>
    public static (long Low, long High) CornerOffsets(int perColumn, int perRow, int tileWidth, int tileHeight)
    {
        long across = (long)(tileWidth - 1) * perColumn, down = (long)(tileHeight - 1) * perRow;
        return (Math.Min(across, 0) + Math.Min(down, 0), Math.Max(across, 0) + Math.Max(down, 0));
    }
}
