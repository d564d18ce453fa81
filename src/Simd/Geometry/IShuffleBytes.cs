namespace Hpc.Simd.Geometry;

/// <summary>
/// One register of byte lanes as the 16-byte shuffle warps use it (<see cref="ShuffleBytes256"/> on AVX2,
/// <see cref="ShuffleBytes128"/> on the portable 128-bit path): the block loops, the row lookups
/// (<see cref="ShuffleTapRows{TBytes}"/>) and the block stores are written once over it, and each width supplies the
/// few steps whose instructions differ: how a 16-byte chunk of a row is read into every 128-bit lane, the byte
/// shuffle, how an index outside a chunk is made to read zero, the byte select and the block store.
/// </summary>
internal unsafe interface IShuffleBytes<TSelf>
    where TSelf : struct, IShuffleBytes<TSelf>
{
    /// <summary>Whether the width's instructions are accelerated here (the engines do not apply otherwise).</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Lanes per register: the outputs of one block.</summary>
    static abstract int Count { get; }

    static abstract TSelf Zero { get; }

    static abstract TSelf One { get; }

    static abstract TSelf AllBitsSet { get; }

    static abstract TSelf Create(byte value);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator |(TSelf a, TSelf b);

    static abstract TSelf Min(TSelf a, TSelf b);

    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>All ones in the lanes where <paramref name="a"/> equals <paramref name="b"/>.</summary>
    static abstract TSelf Equals(TSelf a, TSelf b);

    /// <summary>Bytes of <paramref name="a"/> where <paramref name="mask"/> (whole bytes, from a compare) is set, else of <paramref name="b"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);

    /// <summary>The 16 bytes at <paramref name="p"/> in every 128-bit lane: the table of <see cref="Shuffle"/>.</summary>
    static abstract TSelf Chunk(byte* p);

    /// <summary>Byte <c>index</c> of the chunk for every lane whose index is in [0, 15]; see <see cref="OutsideToZero"/> for the others.</summary>
    static abstract TSelf Shuffle(TSelf chunk, TSelf index);

    /// <summary>
    /// An index for <see cref="Shuffle"/> that reads the same byte where <paramref name="index"/> is in [0, 15] and zero
    /// anywhere else (a column outside the chunk), so that the lookups of several chunks can be ORed.
    /// </summary>
    static abstract TSelf OutsideToZero(TSelf index);

    /// <summary>Writes a block of Count pixels, Count/th columns by <paramref name="th"/> rows, lanes in row order.</summary>
    static abstract void Store(TSelf v, ref byte at, nint stride, int th);
}
