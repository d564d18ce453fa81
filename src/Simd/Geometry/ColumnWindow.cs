namespace Hpc.Simd.Geometry;

/// <summary>
/// Whether a VBMI warp's tiles read a 64-byte window of a source row wider than its permute tables (placed per tile
/// at the tile's leftmost tap), or rows from their start: a JIT-time choice, so the narrower sources' loops carry no
/// window arithmetic.
/// </summary>
internal interface IColumnWindow
{
    static abstract bool Windowed { get; }
}

/// <summary>Rows are read from their first pixel (sources narrow enough for the permute tables).</summary>
internal readonly struct RowStart : IColumnWindow
{
    public static bool Windowed => false;
}

/// <summary>Each tile reads the 64 bytes of each row from its leftmost tap on.</summary>
internal readonly struct SlidingWindow : IColumnWindow
{
    public static bool Windowed => true;
}
