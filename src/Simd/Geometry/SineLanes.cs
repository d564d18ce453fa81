using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Geometry;

/// <summary>
/// One register of double lanes as <see cref="SineStarts"/> uses it, so the vector start rows are written once for
/// every width (System.Runtime.Intrinsics' own ISimdVector is not public). Masks are lanes of all ones or zeros.
/// </summary>
internal interface ISineLanes<TSelf>
    where TSelf : struct, ISineLanes<TSelf>
{
    static abstract int Count { get; }

    static abstract TSelf Indices { get; }

    static abstract TSelf Create(double value);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a);

    static abstract TSelf operator &(TSelf a, TSelf b);

    static abstract TSelf operator |(TSelf a, TSelf b);

    static abstract TSelf Round(TSelf v);

    static abstract TSelf Floor(TSelf v);

    static abstract TSelf Truncate(TSelf v);

    static abstract TSelf Abs(TSelf v);

    static abstract TSelf LessThan(TSelf a, TSelf b);

    static abstract TSelf GreaterThan(TSelf a, TSelf b);

    static abstract TSelf Equals(TSelf a, TSelf b);

    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);

    /// <summary>Bit i set when lane i of the mask is.</summary>
    static abstract uint Bits(TSelf mask);

    /// <summary>Stores the lanes, whole numbers within int32, as Count ints.</summary>
    static abstract void StoreInt32(TSelf v, ref int destination);
}

internal readonly struct SineLanes512(Vector512<double> v) : ISineLanes<SineLanes512>
{
    private readonly Vector512<double> v = v;

    public static int Count => Vector512<double>.Count;

    public static SineLanes512 Indices => new(Vector512<double>.Indices);

    public static SineLanes512 Create(double value) => new(Vector512.Create(value));

    public static SineLanes512 operator +(SineLanes512 a, SineLanes512 b) => new(a.v + b.v);

    public static SineLanes512 operator -(SineLanes512 a, SineLanes512 b) => new(a.v - b.v);

    public static SineLanes512 operator *(SineLanes512 a, SineLanes512 b) => new(a.v * b.v);

    public static SineLanes512 operator -(SineLanes512 a) => new(-a.v);

    public static SineLanes512 operator &(SineLanes512 a, SineLanes512 b) => new(a.v & b.v);

    public static SineLanes512 operator |(SineLanes512 a, SineLanes512 b) => new(a.v | b.v);

    public static SineLanes512 Round(SineLanes512 a) => new(Vector512.Round(a.v));

    public static SineLanes512 Floor(SineLanes512 a) => new(Vector512.Floor(a.v));

    public static SineLanes512 Truncate(SineLanes512 a) => new(Vector512.Truncate(a.v));

    public static SineLanes512 Abs(SineLanes512 a) => new(Vector512.Abs(a.v));

    public static SineLanes512 LessThan(SineLanes512 a, SineLanes512 b) => new(Vector512.LessThan(a.v, b.v));

    public static SineLanes512 GreaterThan(SineLanes512 a, SineLanes512 b) => new(Vector512.GreaterThan(a.v, b.v));

    public static SineLanes512 Equals(SineLanes512 a, SineLanes512 b) => new(Vector512.Equals(a.v, b.v));

    public static SineLanes512 Select(SineLanes512 mask, SineLanes512 a, SineLanes512 b) => new(Vector512.ConditionalSelect(mask.v, a.v, b.v));

    public static uint Bits(SineLanes512 mask) => (uint)Vector512.ExtractMostSignificantBits(mask.v);

    public static void StoreInt32(SineLanes512 a, ref int destination) =>
        Avx512F.ConvertToVector256Int32WithTruncation(a.v).StoreUnsafe(ref destination);
}

internal readonly struct SineLanes256(Vector256<double> v) : ISineLanes<SineLanes256>
{
    private readonly Vector256<double> v = v;

    public static int Count => Vector256<double>.Count;

    public static SineLanes256 Indices => new(Vector256<double>.Indices);

    public static SineLanes256 Create(double value) => new(Vector256.Create(value));

    public static SineLanes256 operator +(SineLanes256 a, SineLanes256 b) => new(a.v + b.v);

    public static SineLanes256 operator -(SineLanes256 a, SineLanes256 b) => new(a.v - b.v);

    public static SineLanes256 operator *(SineLanes256 a, SineLanes256 b) => new(a.v * b.v);

    public static SineLanes256 operator -(SineLanes256 a) => new(-a.v);

    public static SineLanes256 operator &(SineLanes256 a, SineLanes256 b) => new(a.v & b.v);

    public static SineLanes256 operator |(SineLanes256 a, SineLanes256 b) => new(a.v | b.v);

    public static SineLanes256 Round(SineLanes256 a) => new(Vector256.Round(a.v));

    public static SineLanes256 Floor(SineLanes256 a) => new(Vector256.Floor(a.v));

    public static SineLanes256 Truncate(SineLanes256 a) => new(Vector256.Truncate(a.v));

    public static SineLanes256 Abs(SineLanes256 a) => new(Vector256.Abs(a.v));

    public static SineLanes256 LessThan(SineLanes256 a, SineLanes256 b) => new(Vector256.LessThan(a.v, b.v));

    public static SineLanes256 GreaterThan(SineLanes256 a, SineLanes256 b) => new(Vector256.GreaterThan(a.v, b.v));

    public static SineLanes256 Equals(SineLanes256 a, SineLanes256 b) => new(Vector256.Equals(a.v, b.v));

    public static SineLanes256 Select(SineLanes256 mask, SineLanes256 a, SineLanes256 b) => new(Vector256.ConditionalSelect(mask.v, a.v, b.v));

    public static uint Bits(SineLanes256 mask) => Vector256.ExtractMostSignificantBits(mask.v);

    public static void StoreInt32(SineLanes256 a, ref int destination) =>
        Avx.ConvertToVector128Int32WithTruncation(a.v).StoreUnsafe(ref destination);
}

internal readonly struct SineLanes128(Vector128<double> v) : ISineLanes<SineLanes128>
{
    private readonly Vector128<double> v = v;

    public static int Count => Vector128<double>.Count;

    public static SineLanes128 Indices => new(Vector128<double>.Indices);

    public static SineLanes128 Create(double value) => new(Vector128.Create(value));

    public static SineLanes128 operator +(SineLanes128 a, SineLanes128 b) => new(a.v + b.v);

    public static SineLanes128 operator -(SineLanes128 a, SineLanes128 b) => new(a.v - b.v);

    public static SineLanes128 operator *(SineLanes128 a, SineLanes128 b) => new(a.v * b.v);

    public static SineLanes128 operator -(SineLanes128 a) => new(-a.v);

    public static SineLanes128 operator &(SineLanes128 a, SineLanes128 b) => new(a.v & b.v);

    public static SineLanes128 operator |(SineLanes128 a, SineLanes128 b) => new(a.v | b.v);

    public static SineLanes128 Round(SineLanes128 a) => new(Vector128.Round(a.v));

    public static SineLanes128 Floor(SineLanes128 a) => new(Vector128.Floor(a.v));

    public static SineLanes128 Truncate(SineLanes128 a) => new(Vector128.Truncate(a.v));

    public static SineLanes128 Abs(SineLanes128 a) => new(Vector128.Abs(a.v));

    public static SineLanes128 LessThan(SineLanes128 a, SineLanes128 b) => new(Vector128.LessThan(a.v, b.v));

    public static SineLanes128 GreaterThan(SineLanes128 a, SineLanes128 b) => new(Vector128.GreaterThan(a.v, b.v));

    public static SineLanes128 Equals(SineLanes128 a, SineLanes128 b) => new(Vector128.Equals(a.v, b.v));

    public static SineLanes128 Select(SineLanes128 mask, SineLanes128 a, SineLanes128 b) => new(Vector128.ConditionalSelect(mask.v, a.v, b.v));

    public static uint Bits(SineLanes128 mask) => Vector128.ExtractMostSignificantBits(mask.v);

    // The two ints land in the low half of the register.
    public static void StoreInt32(SineLanes128 a, ref int destination) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<int, byte>(ref destination), Sse2.ConvertToVector128Int32WithTruncation(a.v).AsInt64().ToScalar());
}
