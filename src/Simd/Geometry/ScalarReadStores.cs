using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Stores of int lanes that a scalar loop reads back one lane at a time right away (the generic warps' per-pixel
/// offsets). Written in 128-bit pieces: on the Intel Xeon of stop 9, 32-bit loads from a just-written 256-bit store
/// missed store forwarding, and the 256-bit nearest warp ran at a third of the 128-bit one's speed (24 against 8 us
/// at 64 x 64); 128-bit pieces forward on every x86 core.
/// </summary>
internal static class ScalarReadStores
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<int> v, ref int at) => v.StoreUnsafe(ref at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<int> v, ref int at)
    {
        v.GetLower().StoreUnsafe(ref at);
        v.GetUpper().StoreUnsafe(ref Unsafe.Add(ref at, Vector128<int>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<int> v, ref int at)
    {
        Store(v.GetLower(), ref at);
        Store(v.GetUpper(), ref Unsafe.Add(ref at, Vector256<int>.Count));
    }
}
