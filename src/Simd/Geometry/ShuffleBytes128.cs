using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Geometry;

/// <summary>
/// 16 byte lanes for the portable 128-bit shuffle warps, the path ARM64 takes (<see cref="IShuffleBytes{TSelf}"/>):
/// the platform's native byte shuffle (<c>tbl</c> on ARM64, <c>pshufb</c> on x64), which both read index 0xFF as
/// zero (x64 by its bit 7, ARM64 as 16 or more); the two x64-only steps are guarded by <c>Sse41.IsSupported</c>.
/// </summary>
internal readonly unsafe struct ShuffleBytes128(Vector128<byte> value) : IShuffleBytes<ShuffleBytes128>
{
    public readonly Vector128<byte> Value = value;

    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    public static int Count => Vector128<byte>.Count;

    public static ShuffleBytes128 Zero => default;

    public static ShuffleBytes128 One => new(Vector128<byte>.One);

    public static ShuffleBytes128 AllBitsSet => new(Vector128<byte>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 Create(byte value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 operator -(ShuffleBytes128 a, ShuffleBytes128 b) => new(a.Value - b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 operator |(ShuffleBytes128 a, ShuffleBytes128 b) => new(a.Value | b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 Min(ShuffleBytes128 a, ShuffleBytes128 b) => new(Vector128.Min(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 Max(ShuffleBytes128 a, ShuffleBytes128 b) => new(Vector128.Max(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 Equals(ShuffleBytes128 a, ShuffleBytes128 b) => new(Vector128.Equals(a.Value, b.Value));

    /// <summary>One <c>bsl</c> on ARM64; on x64 the JIT makes ConditionalSelect and/andn/or, so SSE4.1's byte blend is named.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 Select(ShuffleBytes128 mask, ShuffleBytes128 a, ShuffleBytes128 b) =>
        new(Sse41.IsSupported ? Sse41.BlendVariable(b.Value, a.Value, mask.Value) : Vector128.ConditionalSelect(mask.Value, a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 Chunk(byte* p) => new(Vector128.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 Shuffle(ShuffleBytes128 chunk, ShuffleBytes128 index) => new(Vector128.ShuffleNative(chunk.Value, index.Value));

    /// <summary>0xFF where the index is not below 16. The AVX2 bias (0x70) would not do here: <c>tbl</c> reads the whole byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShuffleBytes128 OutsideToZero(ShuffleBytes128 index) => new(index.Value | Vector128.GreaterThan(index.Value, Vector128.Create((byte)15)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ShuffleBytes128 v, ref byte at, nint stride, int th)
    {
        switch (th)
        {
            case 1:
                v.Value.StoreUnsafe(ref at);
                break;
            case 2:
                Unsafe.WriteUnaligned(ref at, v.Value.AsUInt64().GetElement(0));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, stride), v.Value.AsUInt64().GetElement(1));
                break;
            default:
                Vector128<uint> q = v.Value.AsUInt32();
                for (int i = 0; i < Vector128<uint>.Count; i++)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, i * stride), q.GetElement(i));
                }

                break;
        }
    }
}
