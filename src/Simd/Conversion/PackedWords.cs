using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Conversion;

/// <summary>
/// Stores 16 dword lanes holding 16-bit values as 16 consecutive words. vpmovdw straight to memory would do it in one
/// instruction but is several times slower on AMD than this vpackusdw + vpermq + 32-byte store.
/// </summary>
internal static class PackedWords
{
    /// <summary>Two registers of 8 dword lanes as 16 consecutive words: vpackusdw interleaves their 128-bit halves, vpermq restores the order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<uint> first, Vector256<uint> second, ref ushort destination) =>
        Avx2.Permute4x64(Avx2.PackUnsignedSaturate(first.AsInt32(), second.AsInt32()).AsUInt64(), 0b11_01_10_00).AsUInt16().StoreUnsafe(ref destination);

    /// <summary>Two registers of 16 dword lanes as 32 consecutive words (the pack's 128-bit lanes interleave the two).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<uint> first, Vector512<uint> second, ref ushort destination)
    {
        Vector512<ushort> packed = Avx512BW.PackUnsignedSaturate(first.AsInt32(), second.AsInt32());
        Avx512F.PermuteVar8x64(packed.AsInt64(), Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7)).AsUInt16().StoreUnsafe(ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<uint> words, ref ushort destination)
    {
        Vector512<ushort> packed = Avx512BW.PackUnsignedSaturate(words.AsInt32(), words.AsInt32());
        Avx512F.PermuteVar8x64(packed.AsInt64(), Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7)).AsUInt16().GetLower().StoreUnsafe(ref destination);
    }
}
