namespace Hpc.Simd.Geometry;

/// <summary>
/// The height of the VBMI warps' 64-pixel tiles as a type argument: with it a constant, the JIT folds the tile store's
/// choice of split (<see cref="FusedAffineVbmi.Store"/>) and the tile steps, which cost a jump table and a reload per tile.
/// </summary>
internal interface ITileRows
{
    static abstract int Rows { get; }
}

/// <summary>One output row of 64 pixels.</summary>
internal readonly struct OneRow : ITileRows
{
    public static int Rows => 1;
}

/// <summary>32x2 tiles.</summary>
internal readonly struct TwoRows : ITileRows
{
    public static int Rows => 2;
}

/// <summary>16x4 tiles.</summary>
internal readonly struct FourRows : ITileRows
{
    public static int Rows => 4;
}

/// <summary>8x8 tiles.</summary>
internal readonly struct EightRows : ITileRows
{
    public static int Rows => 8;
}
