using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector128;
using VB = System.Runtime.Intrinsics.Vector128<byte>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// <see cref="Avx2TapRows"/> for the 16-lane blocks of the portable 128-bit shuffle warps (the path ARM64 takes): each
/// crossed source row's window of one or two 16-byte chunks is looked up at the left and right tap columns with the
/// platform's native byte shuffle (<c>tbl</c> on ARM64, <c>pshufb</c> on x64), and a row's taps land in the top taps
/// of the lanes whose top row it is and in the bottom taps of the lanes whose top row was the previous one.
/// </summary>
internal ref struct Vector128TapRows(VB relativeRow, VB initial)
{
    public VB P00 = initial, P01 = initial, P10 = initial, P11 = initial;

    // relativeRow minus the rows taken so far: 0 where this row is the top row, -1 where it is the bottom row.
    private VB countdown = relativeRow;

    /// <summary>
    /// The shuffle indices of tap columns (<paramref name="left"/>, <paramref name="right"/>) in chunks starting at
    /// columns <paramref name="start0"/> and <paramref name="start1"/>. One chunk: the column minus its start, in [0, 15]
    /// for every lane inside the source (the native shuffles agree there). Two: a column outside a chunk gets index
    /// 0xFF, which both native shuffles read as zero (x64 by its bit 7, ARM64 as 16 or more), so ORing both lookups
    /// gives the pixel (a column in both chunks reads the same pixel twice).
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

        VB s1 = Vec.Create((byte)start1);
        left0 = OutsideToZero(left0);
        right0 = OutsideToZero(right0);
        left1 = OutsideToZero(left - s1);
        right1 = OutsideToZero(right - s1);
    }

    /// <summary>
    /// Takes relative rows 0 to <paramref name="last"/> of a block whose first row is <paramref name="first"/> (-1 to
    /// height - 1; rows -1 and height stand for the edge rows), as <see cref="Avx2TapRows.TakeRows"/> does.
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

    /// <summary>
    /// Bytes of <paramref name="a"/> where the mask (whole bytes, from a compare) is set, else of <paramref name="b"/>:
    /// one <c>bsl</c> on ARM64; on x64 the JIT makes ConditionalSelect and/andn/or, so SSE4.1's byte blend is named.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static VB Select(VB mask, VB a, VB b) => Sse41.IsSupported ? Sse41.BlendVariable(b, a, mask) : Vec.ConditionalSelect(mask, a, b);

    /// <summary>An index, or 0xFF (read as zero by both native shuffles) where it is not below 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static VB OutsideToZero(VB index) => index | Vec.GreaterThan(index, Vec.Create((byte)15));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Take<TChunks>(byte* line, nint second, VB left0, VB right0, VB left1, VB right1)
        where TChunks : struct, IStaticInt
    {
        VB chunk = Vec.Load(line);
        VB a = Vec.ShuffleNative(chunk, left0);
        VB b = Vec.ShuffleNative(chunk, right0);
        if (TChunks.Value == 2)
        {
            VB next = Vec.Load(line + second);
            a |= Vec.ShuffleNative(next, left1);
            b |= Vec.ShuffleNative(next, right1);
        }

        VB top = Vec.Equals(countdown, VB.Zero);
        VB bottom = Vec.Equals(countdown, VB.AllBitsSet);
        P00 = Select(top, a, P00);
        P01 = Select(top, b, P01);
        P10 = Select(bottom, a, P10);
        P11 = Select(bottom, b, P11);
        countdown -= VB.One;
    }
}
