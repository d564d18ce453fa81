using BenchmarkDotNet.Attributes;
using CommunityToolkit.HighPerformance;
using Hpc.Loader;

namespace Hpc.Bench.Kernels;

/// <summary>
/// Each op of the classic policy alone, with its random parameters drawn per sample exactly as the loader draws
/// them (seed, epoch 0, sample, op). Splits <see cref="FullDistortionBench"/> into its parts: a kernel that is fast
/// at the fixed parameters of its own class can still be slow over the policy's range (e.g. a blur radius that
/// changes every call).
/// </summary>
public class PolicyOpsBench
{
    private const int Samples = 256;
    private const ulong Seed = 1;
    private static readonly AugmentationPolicy Policy = AugmentationPolicy.Classic(DistortionLayout.All);

    private Memory2D<byte> _src;
    private Memory2D<byte> _dst;
    private IAugmentation _op = null!;
    private uint _opKey;

    [Params(28, 64)]
    public int Size { get; set; }

    [ParamsSource(nameof(OpNames))]
    public string Op { get; set; } = "";

    public static IEnumerable<string> OpNames => Policy.OpNames;

    [GlobalSetup]
    public void Setup()
    {
        _src = BenchImages.Aligned(Size, seed: 42 + Size);
        _dst = BenchImages.Aligned(Size);
        var index = 0;
        for (var s = 0; s < Policy.Stages.Count; s++)
        {
            for (var o = 0; o < Policy.Stages[s].Ops.Count; o++, index++)
            {
                if (Policy.OpNames[index] == Op)
                {
                    _op = Policy.Stages[s].Ops[o];
                    _opKey = RngOps.ForOp(s, o);
                    return;
                }
            }
        }

        throw new ArgumentException($"The classic policy has no op '{Op}'.", nameof(Op));
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void Apply()
    {
        ReadOnlySpan2D<byte> src = _src.Span;
        Span2D<byte> dst = _dst.Span;
        for (var sample = 0; sample < Samples; sample++)
        {
            var rng = new RngStream(Seed, 0, sample, _opKey);
            _op.Apply(src, dst, ref rng);
        }
    }
}
