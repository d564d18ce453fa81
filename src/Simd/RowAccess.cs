using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd;

/// <summary>
/// How a 512-bit kernel reads or writes the 64 bytes at a row position: a JIT-time choice (the kernels take it as a
/// struct type argument, picked once per call), so their row loops carry no test.
/// </summary>
internal interface IRowAccess
{
    static abstract unsafe Vector512<byte> Load(byte* p, Vector512<byte> mask);

    static abstract unsafe void Store(byte* p, Vector512<byte> mask, Vector512<byte> value);

    /// <summary>The 32 bytes at <paramref name="p"/>, or those of them the mask keeps (rows narrower than 32).</summary>
    static abstract unsafe Vector256<byte> LoadWindow(byte* p, Vector512<byte> mask);

    /// <summary>
    /// Whether a source row of <paramref name="width"/> pixels takes two registers: a JIT-time false for
    /// <see cref="WholeRow"/>, so its kernels lose the two-register branch of their tile loops.
    /// </summary>
    static abstract bool TwoRegisters(int width);
}

/// <summary>
/// All 64 bytes belong to the row (rows of exactly 64 pixels, or strips inside a wider row): plain loads and stores.
/// The masked forms cost more in the row loops than their mask suggests: the nearest warp's tile loop reloaded its
/// mask register from the stack before every row load, and the 3x3 filters turned their mask vector into a mask
/// register before every row store (bench/RESULTS.md, stop 17).
/// </summary>
internal readonly struct WholeRow : IRowAccess
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<byte> Load(byte* p, Vector512<byte> mask) => Vector512.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(byte* p, Vector512<byte> mask, Vector512<byte> value) => value.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<byte> LoadWindow(byte* p, Vector512<byte> mask) => Vector256.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TwoRegisters(int width) => false;
}

/// <summary>Shorter rows: fault-suppressing masked loads and masked stores, so nothing past the row is touched.</summary>
internal readonly struct MaskedRow : IRowAccess
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<byte> Load(byte* p, Vector512<byte> mask) => Avx512BW.MaskLoad(p, mask, Vector512<byte>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(byte* p, Vector512<byte> mask, Vector512<byte> value) => Avx512BW.MaskStore(p, mask, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<byte> LoadWindow(byte* p, Vector512<byte> mask) => Avx512BW.MaskLoad(p, mask, Vector512<byte>.Zero).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TwoRegisters(int width) => width > Vector512<byte>.Count;
}
