using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Writes a block of finished pixels at <c>row[at]</c>: one vector store when the block fits in the row, else (the row's
/// last, partial block) through a staging slot and byte copies. Staging every block and copying the row with
/// <c>Span.CopyTo</c> read the just-stored vectors back with overlapping 16-byte loads that straddle the halves of a 32- or
/// 64-byte store, which do not store-forward on Intel: on stop 9's Xeon the 256-bit fused warp ran 1.6-2.4x slower than
/// the 128-bit one, and storing in place halved the 256-bit bilinear warp's time.
/// </summary>
internal static class RowTailStores
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<byte> v, ref byte staging, Span<byte> row, int at)
    {
        if (at + Vector128<byte>.Count <= row.Length)
        {
            v.StoreUnsafe(ref row[at]);
            return;
        }

        v.StoreUnsafe(ref staging);
        CopyTail(ref staging, row, at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<byte> v, ref byte staging, Span<byte> row, int at)
    {
        if (at + Vector256<byte>.Count <= row.Length)
        {
            v.StoreUnsafe(ref row[at]);
            return;
        }

        v.StoreUnsafe(ref staging);
        CopyTail(ref staging, row, at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<byte> v, ref byte staging, Span<byte> row, int at)
    {
        if (at + Vector512<byte>.Count <= row.Length)
        {
            v.StoreUnsafe(ref row[at]);
            return;
        }

        v.StoreUnsafe(ref staging);
        CopyTail(ref staging, row, at);
    }

    private static void CopyTail(ref byte staging, Span<byte> row, int at)
    {
        for (int j = at; j < row.Length; j++)
        {
            row[j] = Unsafe.Add(ref staging, j - at);
        }
    }
}
