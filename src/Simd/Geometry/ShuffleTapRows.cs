using System.Runtime.CompilerServices;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The 2x2 taps of a block for the 16-byte shuffle warps (bilinear and fused, on AVX2 and the portable 128-bit path),
/// gathered one crossed source row at a time as <see cref="VbmiTapRows"/> does with 128-byte permutes: a row is looked
/// up at the left and right tap columns in a window of one 16-byte chunk (blocks whose taps span at most 16 columns:
/// the small rotations and zooms of augmentation) or two (at most 32 columns, or a whole row of 16 to 32 pixels), and
/// its taps land in the top taps of the lanes whose top row it is and in the bottom taps of the lanes whose top row was
/// the previous one. Block shapes and windows: <see cref="ShuffleBlocks"/>.
/// </summary>
internal ref struct ShuffleTapRows<TBytes>(TBytes relativeRow, TBytes initial)
    where TBytes : struct, IShuffleBytes<TBytes>
{
    public TBytes P00 = initial, P01 = initial, P10 = initial, P11 = initial;

    // relativeRow minus the rows taken so far: 0 where this row is the top row, -1 where it is the bottom row.
    private TBytes countdown = relativeRow;

    /// <summary>
    /// The shuffle indices of tap columns (<paramref name="left"/>, <paramref name="right"/>) in chunks starting at
    /// columns <paramref name="start0"/> and <paramref name="start1"/>. One chunk: the column minus its start, which is
    /// in [0, 15] for every lane inside the source. Two: those differences with the columns outside each chunk made to
    /// read zero (<see cref="IShuffleBytes{TSelf}.OutsideToZero"/>), so ORing both lookups gives the pixel (a column in
    /// both chunks reads the same pixel twice).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Indices<TChunks>(TBytes left, TBytes right, int start0, int start1, out TBytes left0, out TBytes right0, out TBytes left1, out TBytes right1)
        where TChunks : struct, IStaticInt
    {
        TBytes s0 = TBytes.Create((byte)start0);
        left0 = left - s0;
        right0 = right - s0;
        if (TChunks.Value == 1)
        {
            left1 = right1 = TBytes.Zero;
            return;
        }

        TBytes s1 = TBytes.Create((byte)start1);
        left0 = TBytes.OutsideToZero(left0);
        right0 = TBytes.OutsideToZero(right0);
        left1 = TBytes.OutsideToZero(left - s1);
        right1 = TBytes.OutsideToZero(right - s1);
    }

    /// <summary>
    /// Takes relative rows 0 to <paramref name="last"/> of a block whose first row is <paramref name="first"/> (-1 to
    /// height - 1; rows -1 and height stand for the edge rows). <paramref name="window"/> points at the first chunk of
    /// the source's top row, <paramref name="second"/> is the second chunk's offset from it. Away from the top and
    /// bottom edges no row needs the clamp and the pointer steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void TakeRows<TChunks>(byte* window, nint second, nint stride, int first, int last, int height, TBytes left0, TBytes right0, TBytes left1, TBytes right1)
        where TChunks : struct, IStaticInt
    {
        if (first >= 0 && first + last < height)
        {
            byte* line = window + (first * stride);
            for (int k = 0; k <= last; k++, line += stride)
            {
                Take<TChunks>(line, second, left0, right0, left1, right1);
            }
        }
        else
        {
            int bottom = height - 1;
            for (int k = 0; k <= last; k++)
            {
                Take<TChunks>(window + (Math.Min(Math.Max(first + k, 0), bottom) * stride), second, left0, right0, left1, right1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Take<TChunks>(byte* line, nint second, TBytes left0, TBytes right0, TBytes left1, TBytes right1)
        where TChunks : struct, IStaticInt
    {
        TBytes chunk = TBytes.Chunk(line);
        TBytes a = TBytes.Shuffle(chunk, left0);
        TBytes b = TBytes.Shuffle(chunk, right0);
        if (TChunks.Value == 2)
        {
            TBytes next = TBytes.Chunk(line + second);
            a |= TBytes.Shuffle(next, left1);
            b |= TBytes.Shuffle(next, right1);
        }

        TBytes top = TBytes.Equals(countdown, TBytes.Zero);
        TBytes bottom = TBytes.Equals(countdown, TBytes.AllBitsSet);
        P00 = TBytes.Select(top, a, P00);
        P01 = TBytes.Select(top, b, P01);
        P10 = TBytes.Select(bottom, a, P10);
        P11 = TBytes.Select(bottom, b, P11);
        countdown -= TBytes.One;
    }
}
