namespace Hpc.Simd.Geometry;

/// <summary>
/// Tables of a horizontal resize pass that depend only on (axis sizes, first pasted column, pasted width): built once
/// for a key and rebuilt in place, allocation-free once grown, when the key changes.
/// </summary>
internal abstract class ResizeTables
{
    /// <summary>Tables kept per thread and kind; the loader's scale op draws a new target size per sample from a small range.</summary>
    internal const int CacheSlots = 128;

    private int inSize = -1;
    private int outSize = -1;
    private int firstColumn = -1;
    private int cols = -1;

    /// <summary>Makes the tables describe (a, first, columns); true if they had to be rebuilt.</summary>
    public bool Prepare(ResizeAxis a, int first, int columns)
    {
        if (a.InSize == inSize && a.OutSize == outSize && first == firstColumn && columns == cols)
        {
            return false;
        }

        Build(a, first, columns);
        inSize = a.InSize;
        outSize = a.OutSize;
        firstColumn = first;
        cols = columns;
        return true;
    }

    /// <summary>Rebuilds the tables for (a, first, columns), reusing their arrays where they are large enough.</summary>
    protected abstract void Build(ResizeAxis a, int first, int columns);

    /// <summary>
    /// Direct-mapped slot of a key. The usual call pastes the whole resized row (first column 0, cols = out), so
    /// for one source size consecutive target sizes get consecutive slots and a policy's whole size range fits
    /// without a conflict. (A key built from small multiples of the sizes once folded every 64-px target size onto
    /// two slots, rebuilding the tables on nearly every call of the loader's scale op.)
    /// </summary>
    internal static int Slot(int inSize, int outSize, int firstColumn, int cols) =>
        (int)((uint)(outSize + (97 * inSize) + (61 * firstColumn) + (17 * (outSize - cols))) % CacheSlots);
}

/// <summary>
/// A per-thread, direct-mapped cache of <typeparamref name="T"/> tables; one per table kind (each closed generic type
/// has its own thread-static slots). A miss rebuilds that slot in place. Plain C#, so the cache behaviour is testable
/// on any machine.
/// </summary>
internal static class ResizeTableCache<T>
    where T : ResizeTables, new()
{
    [ThreadStatic]
    private static T?[]? slots;

    [ThreadStatic]
    private static int rebuilds;

    /// <summary>Tables built on this thread so far: the cache tests check a policy's size range stops rebuilding.</summary>
    public static int Rebuilds => rebuilds;

    /// <summary>This thread's tables for (axis, first column, width), rebuilt on a miss.</summary>
    public static T Get(ResizeAxis axis, int firstColumn, int cols)
    {
        slots ??= new T?[ResizeTables.CacheSlots];
        T tables = slots[ResizeTables.Slot(axis.InSize, axis.OutSize, firstColumn, cols)] ??= new T();
        if (tables.Prepare(axis, firstColumn, cols))
        {
            rebuilds++;
        }

        return tables;
    }
}
