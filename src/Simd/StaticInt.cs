namespace Hpc.Simd;

/// <summary>
/// A small integer as a type argument: kernels generic over it see a JIT-time constant, so loops over it unroll and
/// switches on it fold (a tile's height in the VBMI warps, a pass's group count in scale-translate).
/// </summary>
internal interface IStaticInt
{
    static abstract int Value { get; }
}

internal readonly struct Int1 : IStaticInt
{
    public static int Value => 1;
}

internal readonly struct Int2 : IStaticInt
{
    public static int Value => 2;
}

internal readonly struct Int3 : IStaticInt
{
    public static int Value => 3;
}

internal readonly struct Int4 : IStaticInt
{
    public static int Value => 4;
}

internal readonly struct Int8 : IStaticInt
{
    public static int Value => 8;
}
