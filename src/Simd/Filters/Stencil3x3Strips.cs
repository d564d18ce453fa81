using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Filters;

/// <summary>
/// The interior of a 3x3 filter in strips of <typeparamref name="TLanes"/>.Count columns walked down the rows, written
/// once for every width (<see cref="StencilLanes128"/>, <see cref="StencilLanes256"/>, <see cref="StencilLanes512"/>):
/// each source row's horizontal triple sum is computed once and reused by the three output rows that need it, three
/// widening loads per row and strip where a row kernel takes nine. The last strip overlaps the one before; the caller
/// copies the edge columns; dst never aliases src.
/// </summary>
internal static class Stencil3x3Strips<TLanes>
    where TLanes : struct, IStencilLanes<TLanes>
{
    /// <summary>Narrowest image <see cref="Interior{TOperator}"/> takes: one strip and the two edge columns.</summary>
    public static int InteriorWidth => TLanes.Count + 2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Interior<TOperator>(byte* src, nint srcPitch, byte* dst, nint dstPitch, int w, int h)
        where TOperator : IStencil3x3Operator
    {
        int last = w - 1 - TLanes.Count;
        for (int x0 = 1; ; x0 += TLanes.Count)
        {
            int x = Math.Min(x0, last);
            byte* column = src + x;
            TLanes prev = TLanes.Triple(column, out _);
            TLanes cur = TLanes.Triple(column + srcPitch, out TLanes centre);
            for (int y = 1; y < h - 1; y++)
            {
                TLanes next = TLanes.Triple(column + ((y + 1) * srcPitch), out TLanes nextCentre);
                TLanes.Store<TOperator>(TLanes.Sum(prev, cur, next), centre, dst + (y * dstPitch) + x);
                prev = cur;
                cur = next;
                centre = nextCentre;
            }

            if (x == last)
            {
                break;
            }
        }
    }
}

/// <summary>One register of 16-bit pixel lanes as <see cref="Stencil3x3Strips{TLanes}"/> uses it.</summary>
internal unsafe interface IStencilLanes<TSelf>
    where TSelf : struct, IStencilLanes<TSelf>
{
    /// <summary>Pixels per strip.</summary>
    static abstract int Count { get; }

    /// <summary>The horizontal triple sums of the Count pixels from <paramref name="p"/>, and those pixels.</summary>
    static abstract TSelf Triple(byte* p, out TSelf centre);

    static abstract TSelf Sum(TSelf a, TSelf b, TSelf c);

    /// <summary>The filter of the 3x3 sums <paramref name="box9"/>, saturated to bytes, as Count bytes at <paramref name="p"/>.</summary>
    static abstract void Store<TOperator>(TSelf box9, TSelf centre, byte* p)
        where TOperator : IStencil3x3Operator;
}

/// <summary>Eight pixels, portable: 8-byte loads, so nothing is read past the row.</summary>
internal readonly unsafe struct StencilLanes128(Vector128<ushort> v) : IStencilLanes<StencilLanes128>
{
    private readonly Vector128<ushort> v = v;

    public static int Count => Vector128<ushort>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StencilLanes128 Triple(byte* p, out StencilLanes128 centre)
    {
        Vector128<ushort> c = Load(p);
        centre = new(c);
        return new(Load(p - 1) + c + Load(p + 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StencilLanes128 Sum(StencilLanes128 a, StencilLanes128 b, StencilLanes128 c) => new(a.v + b.v + c.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TOperator>(StencilLanes128 box9, StencilLanes128 centre, byte* p)
        where TOperator : IStencil3x3Operator
    {
        Vector128<ushort> result = TOperator.Apply(box9.v, centre.v);
        Unsafe.WriteUnaligned(p, Vector128.Narrow(result, result).AsUInt64().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Load(byte* p) =>
        Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(p)).AsByte());
}

/// <summary>Sixteen pixels (AVX2): 16-byte loads widened with <c>vpmovzxbw</c>, an SSE2 pack back.</summary>
internal readonly unsafe struct StencilLanes256(Vector256<ushort> v) : IStencilLanes<StencilLanes256>
{
    private readonly Vector256<ushort> v = v;

    public static int Count => Vector256<ushort>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StencilLanes256 Triple(byte* p, out StencilLanes256 centre)
    {
        Vector256<ushort> c = Load(p);
        centre = new(c);
        return new(Load(p - 1) + c + Load(p + 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StencilLanes256 Sum(StencilLanes256 a, StencilLanes256 b, StencilLanes256 c) => new(a.v + b.v + c.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TOperator>(StencilLanes256 box9, StencilLanes256 centre, byte* p)
        where TOperator : IStencil3x3Operator
    {
        Vector256<short> pixels = TOperator.Apply(box9.v, centre.v).AsInt16();
        Sse2.PackUnsignedSaturate(pixels.GetLower(), pixels.GetUpper()).Store(p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Load(byte* p) => Avx2.ConvertToVector256Int16(Vector128.Load(p)).AsUInt16();
}

/// <summary>Thirty-two pixels (AVX-512BW): 32-byte loads widened with <c>vpmovzxbw</c>, a pack and a qword permute back.</summary>
internal readonly unsafe struct StencilLanes512(Vector512<ushort> v) : IStencilLanes<StencilLanes512>
{
    private readonly Vector512<ushort> v = v;

    public static int Count => Vector512<ushort>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StencilLanes512 Triple(byte* p, out StencilLanes512 centre)
    {
        Vector512<ushort> c = Load(p);
        centre = new(c);
        return new(Load(p - 1) + c + Load(p + 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StencilLanes512 Sum(StencilLanes512 a, StencilLanes512 b, StencilLanes512 c) => new(a.v + b.v + c.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TOperator>(StencilLanes512 box9, StencilLanes512 centre, byte* p)
        where TOperator : IStencil3x3Operator
    {
        Vector512<short> pixels = TOperator.Apply(box9.v, centre.v).AsInt16();
        Vector512<byte> packed = Avx512BW.PackUnsignedSaturate(pixels, pixels);
        Avx512F.PermuteVar8x64(packed.AsInt64(), Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7)).AsByte().GetLower().Store(p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ushort> Load(byte* p) => Avx512BW.ConvertToVector512UInt16(Vector256.Load(p));
}
