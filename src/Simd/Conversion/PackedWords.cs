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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<uint> words, ref ushort destination)
    {
        Vector512<ushort> packed = Avx512BW.PackUnsignedSaturate(words.AsInt32(), words.AsInt32());
        Avx512F.PermuteVar8x64(packed.AsInt64(), Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7)).AsUInt16().GetLower().StoreUnsafe(ref destination);
    }
}
