using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Column strips of a destination for the warps whose per-column tables live on the stack (the bilinear engines): as
/// few strips as keep each within the table, of equal width, so each is at least half the table wide and wider than
/// any block.
/// </summary>
internal static class ColumnStrips
{
    /// <summary>How many strips a destination <paramref name="width"/> wide takes for tables of <paramref name="maxWidth"/> columns.</summary>
    public static int Count(int width, int maxWidth) => (width + maxWidth - 1) / maxWidth;

    /// <summary>Strip <paramref name="k"/> of <paramref name="count"/>, whose first column is <paramref name="start"/>.</summary>
    public static Span2D<byte> Get(Span2D<byte> dst, int count, int k, out int start)
    {
        start = (int)((long)dst.Width * k / count);
        if (count == 1)
        {
            return dst;
        }

        int end = (int)((long)dst.Width * (k + 1) / count);
        return dst.Slice(0, start, dst.Height, end - start);
    }
}
