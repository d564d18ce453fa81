namespace Hpc.Simd.Geometry;

/// <summary>
/// How the VBMI bilinear warps turn a tile's source rows into permute tables: a JIT-time choice (a struct type
/// argument), so the tile loop carries no test.
/// </summary>
internal interface IVbmiTapTables
{
    static abstract bool FourRows { get; }
}

/// <summary>Two whole rows (or one row of two registers) per table (<see cref="VbmiTapRows.TakePair"/>).</summary>
internal readonly struct TwoRowTables : IVbmiTapTables
{
    public static bool FourRows => false;
}

/// <summary>Four 32-byte row windows per table (<see cref="VbmiTapRows.TakeQuad"/>).</summary>
internal readonly struct FourRowTables : IVbmiTapTables
{
    public static bool FourRows => true;
}
