using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector256;
using VB = System.Runtime.Intrinsics.Vector256<byte>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// The 2x2 taps of a 32-lane block for the AVX2 bilinear and fused warps, gathered one crossed source row at a time as
/// <see cref="VbmiTapRows"/> does with 128-byte permutes: AVX2 has only the 16-byte <c>vpshufb</c>, so a row is looked
/// up in a window of one 16-byte chunk (blocks whose taps span at most 16 columns: the small rotations and zooms of
/// augmentation) or two (at most 32 columns, or a whole row of 16 to 32 pixels), each chunk broadcast to both halves.
/// A row's left and right taps land in the top taps of the lanes whose top row it is and in the bottom taps of the
/// lanes whose top row was the previous one. Block shapes and windows: <see cref="ShuffleBlocks"/>.
/// </summary>
internal ref struct Avx2TapRows(VB relativeRow, VB initial)
{
    public VB P00 = initial, P01 = initial, P10 = initial, P11 = initial;

    // relativeRow minus the rows taken so far: 0 where this row is the top row, -1 where it is the bottom row.
    private VB countdown = relativeRow;

    /// <summary>
    /// The shuffle indices of tap columns (<paramref name="left"/>, <paramref name="right"/>) in chunks starting at
    /// columns <paramref name="start0"/> and <paramref name="start1"/>. One chunk: the column minus its start, which is
    /// in [0, 15] for every lane inside the source. Two: that difference saturated up by 0x70, whose bit 7 (the
    /// shuffle's zero) is set exactly when the column is not in the chunk, so ORing both lookups gives the pixel (a
    /// column in both chunks reads the same pixel twice).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Indices<TChunks>(VB left, VB right, int start0, int start1, out VB left0, out VB right0, out VB left1, out VB right1)
        where TChunks : struct, IStaticInt
    {
        VB s0 = Vec.Create((byte)start0);
        left0 = left - s0;
        right0 = right - s0;
        if (TChunks.Value == 1)
        {
            left1 = right1 = VB.Zero;
            return;
        }

        VB bias = Vec.Create((byte)0x70), s1 = Vec.Create((byte)start1);
        left0 = Avx2.AddSaturate(left0, bias);
        right0 = Avx2.AddSaturate(right0, bias);
        left1 = Avx2.AddSaturate(left - s1, bias);
        right1 = Avx2.AddSaturate(right - s1, bias);
    }

    /// <summary>
    /// Takes relative rows 0 to <paramref name="last"/> of a block whose first row is <paramref name="first"/> (-1 to
    /// height - 1; rows -1 and height stand for the edge rows). <paramref name="window"/> points at the first chunk of
    /// the source's top row, <paramref name="second"/> is the second chunk's offset from it. Away from the top and
    /// bottom edges no row needs the clamp and the pointer steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void TakeRows<TChunks>(byte* window, nint second, nint stride, int first, int last, int height, VB left0, VB right0, VB left1, VB right1)
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
    private unsafe void Take<TChunks>(byte* line, nint second, VB left0, VB right0, VB left1, VB right1)
        where TChunks : struct, IStaticInt
    {
        VB chunk = Avx2.BroadcastVector128ToVector256(line);
        VB a = Avx2.Shuffle(chunk, left0);
        VB b = Avx2.Shuffle(chunk, right0);
        if (TChunks.Value == 2)
        {
            VB next = Avx2.BroadcastVector128ToVector256(line + second);
            a |= Avx2.Shuffle(next, left1);
            b |= Avx2.Shuffle(next, right1);
        }

        VB top = Vec.Equals(countdown, VB.Zero);
        VB bottom = Vec.Equals(countdown, VB.AllBitsSet);
        P00 = Avx2.BlendVariable(P00, a, top);
        P01 = Avx2.BlendVariable(P01, b, top);
        P10 = Avx2.BlendVariable(P10, a, bottom);
        P11 = Avx2.BlendVariable(P11, b, bottom);
        countdown -= VB.One;
    }
}
