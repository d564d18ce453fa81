using CommunityToolkit.HighPerformance;

namespace Hpc.Loader;

/// <summary>
/// Declarative description of how distorted samples are made: which slots are distorted
/// (<see cref="Layout"/>) and the stages each distorted copy goes through. Immutable; share it freely.
/// </summary>
public sealed record AugmentationPolicy
{
    /// <summary>Creates a policy from its stages.</summary>
    public AugmentationPolicy(DistortionLayout layout, IReadOnlyList<AugmentationStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (!Enum.IsDefined(layout))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown layout.");
        }

        if (stages.Any(s => s is null) || stages.Count > 255)
        {
            throw new ArgumentException("Up to 255 non-null stages.", nameof(stages));
        }

        Layout = layout;
        Stages = stages.ToArray();
        OpNames = Stages.SelectMany(s => s.Ops.Select(o => $"{s.Name}/{o.Name}")).ToArray();
        var firsts = new int[Stages.Count];
        int k = 0;
        for (int i = 0; i < Stages.Count; i++)
        {
            firsts[i] = k;
            k += Stages[i].Ops.Count;
        }

        FirstOpIndex = firsts;
    }

    /// <summary>Which slots are distorted.</summary>
    public DistortionLayout Layout { get; init; }

    /// <summary>The distortion stages, applied in order.</summary>
    public IReadOnlyList<AugmentationStage> Stages { get; }

    /// <summary>"stage/op" for every op, in stage order: the keys of per-op metrics.</summary>
    public IReadOnlyList<string> OpNames { get; }

    internal int[] FirstOpIndex { get; }

    /// <summary>No distortion at all: every slot holds an original.</summary>
    public static AugmentationPolicy None { get; } = new(DistortionLayout.None, []);

    /// <summary>
    /// The classic policy: half originals, half distorted; each distorted copy gets one geometric transform
    /// (rotate +-15 deg, shear +-0.2, scale to 25/64..63/64 of the size plus translate, or sine warp) and one filter
    /// (Gaussian blur radius 0.5..1.2, sharpen or smooth), all from Hpc.Simd.
    /// </summary>
    public static AugmentationPolicy Classic(DistortionLayout layout = DistortionLayout.HalfBatch) => new(layout,
    [
        new AugmentationStage("geometry", [new RotateOp(), new ShearOp(), new ScaleTranslateOp(), new SineWarpOp()]),
        new AugmentationStage("filter", [new GaussianBlurOp(), new SharpenOp(), new SmoothOp()]),
    ]);

    /// <summary>
    /// The fused variant of <see cref="Classic"/>: rotate, shear and scale-translate drawn together and applied as one
    /// fused bilinear warp (three times out of four; the sine warp otherwise), then the same filters. Not
    /// Pillow-identical. The one pass costs far less than the three Pillow-exact warps it stands for, but a sample
    /// gets all three distortions where <see cref="Classic"/> applies one, so it costs more per sample than
    /// <see cref="Classic"/> (bench/RESULTS.md).
    /// </summary>
    public static AugmentationPolicy Fast(DistortionLayout layout = DistortionLayout.HalfBatch) => new(layout,
    [
        new AugmentationStage("geometry", [new FusedAffineOp(), new SineWarpOp()], weights: [3, 1]),
        new AugmentationStage("filter", [new GaussianBlurOp(), new SharpenOp(), new SmoothOp()]),
    ]);

    /// <summary>
    /// Runs the stages on one sample: the distorted image ends up in <paramref name="a"/> or <paramref name="b"/>
    /// (scratch planes of the source size), or is the source itself when no stage fired. Pure in (seed, epoch, sample).
    /// </summary>
    /// <param name="opTicks">Optional per-op elapsed Stopwatch ticks, indexed like <see cref="OpNames"/>.</param>
    /// <param name="failedOp">Receives the index of the op running when an exception escapes, else -1.</param>
    internal ReadOnlySpan2D<byte> Distort(ReadOnlySpan2D<byte> src, Span2D<byte> a, Span2D<byte> b, ulong seed, int epoch, int sample, Span<long> opTicks, scoped ref int failedOp)
    {
        ReadOnlySpan2D<byte> current = src;
        bool toA = true;
        for (int s = 0; s < Stages.Count; s++)
        {
            AugmentationStage stage = Stages[s];
            var choice = new RngStream(seed, epoch, sample, RngOps.ForStageChoice(s));
            int o = stage.Choose(ref choice);
            if (o < 0)
            {
                continue;
            }

            int opIndex = FirstOpIndex[s] + o;
            failedOp = opIndex;
            var rng = new RngStream(seed, epoch, sample, RngOps.ForOp(s, o));
            Span2D<byte> dst = toA ? a : b;
            long t0 = opTicks.IsEmpty ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
            stage.Ops[o].Apply(current, dst, ref rng);
            if (!opTicks.IsEmpty)
            {
                opTicks[opIndex] += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
            }

            current = dst;
            toA = !toA;
        }

        failedOp = -1;
        return current;
    }
}
