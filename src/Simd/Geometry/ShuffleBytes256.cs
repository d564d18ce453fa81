using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Geometry;

/// <summary>
/// 32 byte lanes for the AVX2 shuffle warps (<see cref="IShuffleBytes{TSelf}"/>). AVX2 has only the in-lane 16-byte
/// <c>vpshufb</c>, so a chunk is broadcast to both 128-bit halves; an index saturated up by 0x70 has bit 7 (the
/// shuffle's zero) set exactly when it was not in [0, 15], and keeps its low nibble otherwise.
/// </summary>
internal readonly unsafe struct ShuffleBytes256(Vector256<byte> value) : IShuffleBytes<ShuffleBytes256>
{
    public readonly Vector256<byte> Value = value;

    public static bool IsSupported => Avx2.IsSupported;

    public static int Count => Vector256<byte>.Count;

    public static ShuffleBytes256 Zero => default;

    public static ShuffleBytes256 One => new(Vector256<byte>.One);

    public static ShuffleBytes256 AllBitsSet => new(Vector256<byte>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 Create(byte value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 operator -(ShuffleBytes256 a, ShuffleBytes256 b) => new(a.Value - b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 operator |(ShuffleBytes256 a, ShuffleBytes256 b) => new(a.Value | b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 Min(ShuffleBytes256 a, ShuffleBytes256 b) => new(Vector256.Min(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 Max(ShuffleBytes256 a, ShuffleBytes256 b) => new(Vector256.Max(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 Equals(ShuffleBytes256 a, ShuffleBytes256 b) => new(Vector256.Equals(a.Value, b.Value));

    /// <summary>
    /// <c>vpblendvb</c>, named: on AVX2 ConditionalSelect is and/andn/or, and with AVX-512 the JIT's <c>vpternlogd</c>
    /// form (which overwrites the mask, so a copy follows) measured 2-4% slower in the nearest loop on Zen 4.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 Select(ShuffleBytes256 mask, ShuffleBytes256 a, ShuffleBytes256 b) => new(Avx2.BlendVariable(b.Value, a.Value, mask.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 Chunk(byte* p) => new(Avx2.BroadcastVector128ToVector256(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 Shuffle(ShuffleBytes256 chunk, ShuffleBytes256 index) => new(Avx2.Shuffle(chunk.Value, index.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes256 OutsideToZero(ShuffleBytes256 index) => new(Avx2.AddSaturate(index.Value, Vector256.Create((byte)0x70)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ShuffleBytes256 v, ref byte at, nint stride, int th)
    {
        switch (th)
        {
            case 1:
                v.Value.StoreUnsafe(ref at);
                break;
            case 2:
                v.Value.GetLower().StoreUnsafe(ref at);
                v.Value.GetUpper().StoreUnsafe(ref Unsafe.Add(ref at, stride));
                break;
            default:
                Vector256<ulong> q = v.Value.AsUInt64();
                for (int i = 0; i < Vector256<ulong>.Count; i++)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, i * stride), q.GetElement(i));
                }

                break;
        }
    }
}
