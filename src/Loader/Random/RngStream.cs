using System.Runtime.CompilerServices;

namespace Hpc.Loader;

/// <summary>
/// The random numbers of one (seed, epoch, sample, op) as a sequence: Philox blocks at draw counters 0, 1, 2, ...
/// It is a value that lives on the stack for one use; nothing persists between samples, so two runs, or two
/// threads, that ask for the same key get the same numbers.
/// </summary>
[SkipLocalsInit]
public struct RngStream
{
    private readonly uint _k0;
    private readonly uint _k1;
    private readonly uint _sample;
    private readonly uint _epoch;
    private readonly uint _op;
    private uint _block;
    private int _used;
    private uint _x0;
    private uint _x1;
    private uint _x2;
    private uint _x3;

    /// <summary>The stream of one (seed, epoch, sample, op) key.</summary>
    public RngStream(ulong seed, int epoch, int sample, uint op)
    {
        _k0 = (uint)seed;
        _k1 = (uint)(seed >> 32);
        _sample = (uint)sample;
        _epoch = (uint)epoch;
        _op = op;
        _block = 0;
        _used = 4;
        _x0 = _x1 = _x2 = _x3 = 0;
    }

    /// <summary>The next 32 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32()
    {
        if (_used == 4)
        {
            (_x0, _x1, _x2, _x3) = Philox4x32.Block(_sample, _epoch, _op, _block, _k0, _k1);
            _block++;
            _used = 0;
        }

        uint v = _used switch { 0 => _x0, 1 => _x1, 2 => _x2, _ => _x3 };
        _used++;
        return v;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    /// <summary>Uniform in [0, 1) with 53 bits; exact in IEEE double on every platform.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>); bias below 2^-32, no rejection loop.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>] inclusive.</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min + 1);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => p >= 1 || (p > 0 && NextDouble() < p);
}
