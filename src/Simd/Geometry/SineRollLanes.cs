using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Geometry;

/// <summary>One register of byte lanes as <see cref="SineRoll"/> uses it, so the roll is written once per width.</summary>
internal unsafe interface IRollLanes<TSelf>
    where TSelf : struct, IRollLanes<TSelf>
{
    static abstract int Count { get; }

    static abstract TSelf Load(byte* p);

    /// <summary><paramref name="mask"/> lanes (all ones) from <paramref name="a"/>, the others from <paramref name="b"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);

    /// <summary>
    /// From Count start rows s (in [0, h)), the signed offsets t = s or s - h, nearest zero, as two byte vectors:
    /// max(t, 0) and max(-t, 0).
    /// </summary>
    static abstract void Offsets(ref int starts, int h, out TSelf below, out TSelf above);

    /// <summary>The OR of every byte of both vectors: its set bits are the stages some column needs.</summary>
    static abstract int Reach(TSelf below, TSelf above);

    void Store(byte* p);

    /// <summary>All ones in the lanes whose byte has bit <paramref name="k"/>.</summary>
    TSelf HasBit(int k);
}

/// <summary>How <see cref="SineRoll"/> reads and writes a block's rows: whole registers, or only the image's columns.</summary>
internal unsafe interface IRollColumns<TLanes>
    where TLanes : struct, IRollLanes<TLanes>
{
    /// <summary>Whether any lane is outside the image (false folds every mask test away at JIT time).</summary>
    static abstract bool Masked { get; }

    static abstract TLanes Load(byte* p, TLanes columns);

    static abstract void Store(byte* p, TLanes v, TLanes columns);
}

/// <summary>Every lane is a column of the image.</summary>
internal readonly unsafe struct WholeColumns<TLanes> : IRollColumns<TLanes>
    where TLanes : struct, IRollLanes<TLanes>
{
    public static bool Masked => false;

    public static TLanes Load(byte* p, TLanes columns) => TLanes.Load(p);

    public static void Store(byte* p, TLanes v, TLanes columns) => v.Store(p);
}

/// <summary>Lanes that AVX-512BW can read and write under a column mask (fault suppressed: nothing past a row is touched).</summary>
internal unsafe interface IMaskedRollLanes<TSelf> : IRollLanes<TSelf>
    where TSelf : struct, IMaskedRollLanes<TSelf>
{
    /// <summary>All ones in the first <paramref name="count"/> lanes.</summary>
    static abstract TSelf First(int count);

    static abstract TSelf LoadMasked(byte* p, TSelf columns);

    void StoreMasked(byte* p, TSelf columns);

    TSelf And(TSelf other);
}

/// <summary>Only the lanes set in the column mask are the image's; the others are neither read nor written (AVX-512BW).</summary>
internal readonly unsafe struct MaskedColumns<TLanes> : IRollColumns<TLanes>
    where TLanes : struct, IMaskedRollLanes<TLanes>
{
    public static bool Masked => true;

    public static TLanes Load(byte* p, TLanes columns) => TLanes.LoadMasked(p, columns);

    public static void Store(byte* p, TLanes v, TLanes columns) => v.StoreMasked(p, columns);
}

internal readonly unsafe struct RollLanes512(Vector512<byte> v) : IMaskedRollLanes<RollLanes512>
{
    private readonly Vector512<byte> v = v;

    /// <summary>All ones in the first <paramref name="count"/> lanes.</summary>
    public static RollLanes512 First(int count) =>
        new(Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)Math.Min(count, Count))));

    public static RollLanes512 LoadMasked(byte* p, RollLanes512 columns) => new(MaskedRow.Load(p, columns.v));

    public void StoreMasked(byte* p, RollLanes512 columns) => MaskedRow.Store(p, columns.v, v);

    public RollLanes512 And(RollLanes512 other) => new(v & other.v);

    public static int Count => Vector512<byte>.Count;

    public static RollLanes512 Load(byte* p) => new(Vector512.Load(p));

    public static RollLanes512 Select(RollLanes512 mask, RollLanes512 a, RollLanes512 b) => new(Vector512.ConditionalSelect(mask.v, a.v, b.v));

    public static void Offsets(ref int starts, int h, out RollLanes512 below, out RollLanes512 above)
    {
        Vector512<int> half = Vector512.Create(h / 2), height = Vector512.Create(h);
        Vector512<int> t0 = Offset(ref starts, 0, half, height), t1 = Offset(ref starts, 1, half, height);
        Vector512<int> t2 = Offset(ref starts, 2, half, height), t3 = Offset(ref starts, 3, half, height);
        below = new(Bytes(Vector512.Max(t0, default), Vector512.Max(t1, default), Vector512.Max(t2, default), Vector512.Max(t3, default)));
        above = new(Bytes(Vector512.Max(-t0, default), Vector512.Max(-t1, default), Vector512.Max(-t2, default), Vector512.Max(-t3, default)));
    }

    public static int Reach(RollLanes512 below, RollLanes512 above)
    {
        Vector512<ulong> q = (below.v | above.v).AsUInt64();
        return RollLanes.Fold(q[0] | q[1] | q[2] | q[3] | q[4] | q[5] | q[6] | q[7]);
    }

    public void Store(byte* p) => v.Store(p);

    public RollLanes512 HasBit(int k) => new(~Vector512.Equals(v & Vector512.Create((byte)(1 << k)), Vector512<byte>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Offset(ref int starts, int quarter, Vector512<int> half, Vector512<int> height)
    {
        Vector512<int> s = Vector512.LoadUnsafe(ref starts, (nuint)(quarter * Vector512<int>.Count));
        return s - (Vector512.GreaterThan(s, half) & height);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Bytes(Vector512<int> a, Vector512<int> b, Vector512<int> c, Vector512<int> d) =>
        Vector512.Narrow(Vector512.Narrow(a.AsUInt32(), b.AsUInt32()), Vector512.Narrow(c.AsUInt32(), d.AsUInt32()));
}

internal readonly unsafe struct RollLanes256(Vector256<byte> v) : IMaskedRollLanes<RollLanes256>
{
    private readonly Vector256<byte> v = v;

    /// <summary>All ones in the first <paramref name="count"/> lanes.</summary>
    public static RollLanes256 First(int count) =>
        new(Vector256.LessThan(Vector256<byte>.Indices, Vector256.Create((byte)Math.Min(count, Count))));

    public static RollLanes256 LoadMasked(byte* p, RollLanes256 columns) => new(Avx512BW.VL.MaskLoad(p, columns.v, Vector256<byte>.Zero));

    public void StoreMasked(byte* p, RollLanes256 columns) => Avx512BW.VL.MaskStore(p, columns.v, v);

    public RollLanes256 And(RollLanes256 other) => new(v & other.v);

    public static int Count => Vector256<byte>.Count;

    public static RollLanes256 Load(byte* p) => new(Vector256.Load(p));

    public static RollLanes256 Select(RollLanes256 mask, RollLanes256 a, RollLanes256 b) => new(Vector256.ConditionalSelect(mask.v, a.v, b.v));

    public static void Offsets(ref int starts, int h, out RollLanes256 below, out RollLanes256 above)
    {
        Vector256<int> half = Vector256.Create(h / 2), height = Vector256.Create(h);
        Vector256<int> t0 = Offset(ref starts, 0, half, height), t1 = Offset(ref starts, 1, half, height);
        Vector256<int> t2 = Offset(ref starts, 2, half, height), t3 = Offset(ref starts, 3, half, height);
        below = new(Bytes(Vector256.Max(t0, default), Vector256.Max(t1, default), Vector256.Max(t2, default), Vector256.Max(t3, default)));
        above = new(Bytes(Vector256.Max(-t0, default), Vector256.Max(-t1, default), Vector256.Max(-t2, default), Vector256.Max(-t3, default)));
    }

    public static int Reach(RollLanes256 below, RollLanes256 above)
    {
        Vector256<ulong> q = (below.v | above.v).AsUInt64();
        return RollLanes.Fold(q[0] | q[1] | q[2] | q[3]);
    }

    public void Store(byte* p) => v.Store(p);

    public RollLanes256 HasBit(int k) => new(~Vector256.Equals(v & Vector256.Create((byte)(1 << k)), Vector256<byte>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Offset(ref int starts, int quarter, Vector256<int> half, Vector256<int> height)
    {
        Vector256<int> s = Vector256.LoadUnsafe(ref starts, (nuint)(quarter * Vector256<int>.Count));
        return s - (Vector256.GreaterThan(s, half) & height);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Bytes(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d) =>
        Vector256.Narrow(Vector256.Narrow(a.AsUInt32(), b.AsUInt32()), Vector256.Narrow(c.AsUInt32(), d.AsUInt32()));
}

internal readonly unsafe struct RollLanes128(Vector128<byte> v) : IRollLanes<RollLanes128>
{
    private readonly Vector128<byte> v = v;

    public static int Count => Vector128<byte>.Count;

    public static RollLanes128 Load(byte* p) => new(Vector128.Load(p));

    public static RollLanes128 Select(RollLanes128 mask, RollLanes128 a, RollLanes128 b) => new(Vector128.ConditionalSelect(mask.v, a.v, b.v));

    public static void Offsets(ref int starts, int h, out RollLanes128 below, out RollLanes128 above)
    {
        Vector128<int> half = Vector128.Create(h / 2), height = Vector128.Create(h);
        Vector128<int> t0 = Offset(ref starts, 0, half, height), t1 = Offset(ref starts, 1, half, height);
        Vector128<int> t2 = Offset(ref starts, 2, half, height), t3 = Offset(ref starts, 3, half, height);
        below = new(Bytes(Vector128.Max(t0, default), Vector128.Max(t1, default), Vector128.Max(t2, default), Vector128.Max(t3, default)));
        above = new(Bytes(Vector128.Max(-t0, default), Vector128.Max(-t1, default), Vector128.Max(-t2, default), Vector128.Max(-t3, default)));
    }

    public static int Reach(RollLanes128 below, RollLanes128 above)
    {
        Vector128<ulong> q = (below.v | above.v).AsUInt64();
        return RollLanes.Fold(q[0] | q[1]);
    }

    public void Store(byte* p) => v.Store(p);

    public RollLanes128 HasBit(int k) => new(~Vector128.Equals(v & Vector128.Create((byte)(1 << k)), Vector128<byte>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Offset(ref int starts, int quarter, Vector128<int> half, Vector128<int> height)
    {
        Vector128<int> s = Vector128.LoadUnsafe(ref starts, (nuint)(quarter * Vector128<int>.Count));
        return s - (Vector128.GreaterThan(s, half) & height);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Bytes(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d) =>
        Vector128.Narrow(Vector128.Narrow(a.AsUInt32(), b.AsUInt32()), Vector128.Narrow(c.AsUInt32(), d.AsUInt32()));
}

internal static class RollLanes
{
    /// <summary>ORs the eight bytes of <paramref name="x"/> into one.</summary>
    public static int Fold(ulong x)
    {
        x |= x >> 32;
        x |= x >> 16;
        x |= x >> 8;
        return (int)(x & 0xFF);
    }
}
