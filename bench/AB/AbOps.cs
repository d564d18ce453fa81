using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using CommunityToolkit.HighPerformance;

namespace Hpc.Bench.AB;

/// <summary>
/// The public kernels of one Hpc.Simd build, bound by reflection so that two builds loaded side by side run the same
/// calls. Enum parameters bind as int: the two builds' enum types are distinct types.
/// </summary>
internal static class AbOps
{
    public const string Names = "rotate-nearest, rotate-bilinear, rotate-policy, shear-nearest, shear-bilinear, shear-policy, fused, scale-translate, scale-translate-policy, sine-warp, sine-warp-policy, gaussian-blur, gaussian-blur-policy, sharpen, smooth, to-float16, to-float32, classic-policy, classic-policy-f16";

    /// <summary>Samples of the classic policy one round of <c>classic-policy</c> cycles through.</summary>
    private const int PolicySamples = 64;

    private delegate void Rotate(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angle, int interpolation);

    private delegate void Shear(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double shearX, double shearY, int interpolation);

    private delegate void Fused(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double angle, double shearX, double shearY, double scale, double offsetX, double offsetY, byte fill);

    private delegate void ScaleTranslate(ReadOnlySpan2D<byte> src, Span2D<byte> dst, int width, int height, int offsetX, int offsetY);

    private delegate void SineWarp(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency);

    private delegate void Blur(ReadOnlySpan2D<byte> src, Span2D<byte> dst, float radius);

    private delegate void Filter(ReadOnlySpan2D<byte> src, Span2D<byte> dst);

    private delegate void ToHalf(ReadOnlySpan2D<byte> src, Span<Half> dst);

    private delegate void ToSingle(ReadOnlySpan2D<byte> src, Span<float> dst);

    private delegate ReadOnlySpan2D<byte> Distort(ReadOnlySpan2D<byte> src, Span2D<byte> a, Span2D<byte> b, ulong seed, int epoch, int sample, Span<long> opTicks, ref int failedOp);

    public static string Check(string op) =>
        Names.Split(", ").Contains(op) ? op : throw new ArgumentException($"Unknown op {op}; ops: {Names}", nameof(op));

    /// <summary>
    /// The calls of one op on an n x n source into an n x n destination: a few parameter sets drawn from the classic
    /// policy's ranges, each a separate call, so one round covers several map shapes.
    /// </summary>
    public static Action[] Bind(Assembly simd, string op, byte[] source, byte[] destination, int n)
    {
        ReadOnlySpan2D<byte> Src() => new(source, n, n);
        Span2D<byte> Dst() => new(destination, n, n);
        const int nearest = 0, bilinear = 1;
        int third = Math.Max(1, n / 3);
        switch (op)
        {
            case "rotate-nearest":
            case "rotate-bilinear":
                var rotate = Get<Rotate>(simd, "Hpc.Simd.Geometry.Rotate", 4);
                int ri = op == "rotate-nearest" ? nearest : bilinear;
                return [() => rotate(Src(), Dst(), 15, ri), () => rotate(Src(), Dst(), -7, ri)];
            case "rotate-policy":
                // Eight angles drawn as the classic policy draws them (uniform in [-15, 15] degrees, nearest), seeded: the
                // small angles among them take the nearest warp's row loop and the choice of tile height, which the two
                // fixed angles above never reach.
                var policyRotate = Get<Rotate>(simd, "Hpc.Simd.Geometry.Rotate", 4);
                var angles = new Random(7);
                return [.. Enumerable.Range(0, 8).Select(_ => -15 + (30 * angles.NextDouble())).Select(a => (Action)(() => policyRotate(Src(), Dst(), a, nearest)))];
            case "shear-nearest":
            case "shear-bilinear":
                var shear = Get<Shear>(simd, "Hpc.Simd.Geometry.Shear", 5);
                int si = op == "shear-nearest" ? nearest : bilinear;
                return [() => shear(Src(), Dst(), 0.2, 0.1, si), () => shear(Src(), Dst(), -0.15, 0.05, si)];
            case "shear-policy":
                // The classic policy's shear: horizontal only (sy = 0), nearest, |sx| up to 0.2.
                var policyShear = Get<Shear>(simd, "Hpc.Simd.Geometry.Shear", 5);
                return [() => policyShear(Src(), Dst(), 0.2, 0, nearest), () => policyShear(Src(), Dst(), -0.13, 0, nearest), () => policyShear(Src(), Dst(), 0.04, 0, nearest)];
            case "fused":
                var fused = Get<Fused>(simd, "Hpc.Simd.Geometry.FusedAffine", 9);
                return [() => fused(Src(), Dst(), 15, 0.1, 0, 0.8, 3, -2, 0), () => fused(Src(), Dst(), -8, -0.15, 0, 0.6, -5, 4, 0)];
            case "scale-translate":
                var scale = Get<ScaleTranslate>(simd, "Hpc.Simd.Geometry.ScaleTranslate", 6);
                return [() => scale(Src(), Dst(), n * 7 / 10, n * 3 / 4, n / 12, n / 9), () => scale(Src(), Dst(), n - third, n - (third / 2), third / 2, 1)];
            case "scale-translate-policy":
                // Eight draws as the classic policy draws them: a square-ish size of 25/64..63/64 of the image pasted at
                // a random offset, seeded, so the mix of tap counts and pasted widths is the policy's.
                var policyScale = Get<ScaleTranslate>(simd, "Hpc.Simd.Geometry.ScaleTranslate", 6);
                var sizes = new Random(9);
                int smallest = Math.Max(1, (int)Math.Round(25.0 * n / 64)), largest = Math.Max(smallest, (int)Math.Round(63.0 * n / 64));
                return [.. Enumerable.Range(0, 8).Select(_ =>
                {
                    int sw = sizes.Next(smallest, largest + 1), ox = sizes.Next(0, n - sw + 1), oy = sizes.Next(0, n - sw + 1);
                    return (Action)(() => policyScale(Src(), Dst(), sw, sw, ox, oy));
                })];
            case "sine-warp":
                var sine = Get<SineWarp>(simd, "Hpc.Simd.Geometry.SineWarp", 4);
                // A sub-pixel amplitude (every shift 0, the columns at the sine's zeros included) and two from the
                // policy's range (1..4 px, 0.5..2 periods across the width).
                return [() => sine(Src(), Dst(), 0.1, 0.05), () => sine(Src(), Dst(), n * 3.0 / 64, 1.0 / n), () => sine(Src(), Dst(), n * 1.7 / 64, 1.6 / n)];
            case "gaussian-blur":
                var blur = Get<Blur>(simd, "Hpc.Simd.Filters.GaussianBlur", 3);
                return [() => blur(Src(), Dst(), 0.6f), () => blur(Src(), Dst(), 0.8f), () => blur(Src(), Dst(), 1.0f)];
            case "sine-warp-policy":
                // 64 draws as the classic policy draws them (amplitude 1/64..4/64 of the height, 0.5..2 periods across
                // the width), seeded: a cycle too long for the branch predictors to learn the per-call choices that a
                // random frequency makes, as in the loader, where no two samples repeat.
                var policySine = Get<SineWarp>(simd, "Hpc.Simd.Geometry.SineWarp", 4);
                var waves = new Random(9);
                return [.. Enumerable.Range(0, 64).Select(_ => (n * (1 + (3 * waves.NextDouble())) / 64, (0.5 + (1.5 * waves.NextDouble())) / n))
                    .Select(p => (Action)(() => policySine(Src(), Dst(), p.Item1, p.Item2)))];
            case "gaussian-blur-policy":
                // Eight radii drawn as the classic policy draws them (uniform in [0.5, 1.2]), seeded, so the mix of
                // blur kernels that the radius selects is the policy's rather than three hand-picked radii.
                var policyBlur = Get<Blur>(simd, "Hpc.Simd.Filters.GaussianBlur", 3);
                var draw = new Random(8);
                return [.. Enumerable.Range(0, 8).Select(_ => (float)(0.5 + (0.7 * draw.NextDouble()))).Select(r => (Action)(() => policyBlur(Src(), Dst(), r)))];
            case "sharpen":
                var sharpen = Get<Filter>(simd, "Hpc.Simd.Filters.Sharpen", 2);
                return [() => sharpen(Src(), Dst())];
            case "smooth":
                var smooth = Get<Filter>(simd, "Hpc.Simd.Filters.Smooth", 2);
                return [() => smooth(Src(), Dst())];
            case "to-float16":
                var half = Convert<ToHalf>(simd, "ToFloat16");
                var halves = new Half[n * n];
                return [() => { half(Src(), halves); Copy(halves, destination); }];
            case "to-float32":
                var single = Convert<ToSingle>(simd, "ToFloat32");
                var singles = new float[n * n];
                return [() => { single(Src(), singles); Copy(singles, destination); }];
            case "classic-policy":
                return BindPolicy(simd, source, destination, n, toFloat16: false);
            case "classic-policy-f16":
                return BindPolicy(simd, source, destination, n, toFloat16: true);
            default:
                throw new ArgumentException($"Unknown op {op}; ops: {Names}", nameof(op));
        }
    }

    /// <summary>
    /// What a loader worker does to a distorted sample short of the tensor conversion: the classic policy's stages,
    /// one sample index per call (64 of them, so the op mix and the parameter draws are the policy's), by the Hpc.Loader
    /// that sits beside <paramref name="simd"/> (the baseline directory must hold both builds). The result is copied
    /// to the destination so the two builds' outputs can be compared. With <paramref name="toFloat16"/> the distorted
    /// image is also converted to unit-range float16, which makes the call FullDistortionBench's job per sample
    /// (the tensor itself is checked by the to-float16 op).
    /// </summary>
    private static Action[] BindPolicy(Assembly simd, byte[] source, byte[] destination, int n, bool toFloat16)
    {
        string beside = Path.Combine(Path.GetDirectoryName(simd.Location)!, "Hpc.Loader.dll");
        if (!File.Exists(beside))
        {
            throw new FileNotFoundException($"classic-policy needs the Hpc.Loader.dll of the same build beside {simd.Location}.", beside);
        }

        Assembly loader = AssemblyLoadContext.GetLoadContext(simd)!.LoadFromAssemblyName(new AssemblyName("Hpc.Loader"));
        Type policyType = loader.GetType("Hpc.Loader.AugmentationPolicy", throwOnError: true)!;
        Type layoutType = loader.GetType("Hpc.Loader.DistortionLayout", throwOnError: true)!;
        object policy = policyType.GetMethod("Classic", BindingFlags.Public | BindingFlags.Static)!
            .Invoke(null, [Enum.Parse(layoutType, "All")])!;
        MethodInfo method = policyType.GetMethod("Distort", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var distort = (Distort)Delegate.CreateDelegate(typeof(Distort), policy, method);
        var a = new byte[n * n];
        var b = new byte[n * n];
        ToHalf? half = toFloat16 ? Convert<ToHalf>(simd, "ToFloat16") : null;
        var halves = new Half[toFloat16 ? n * n : 0];
        return [.. Enumerable.Range(0, PolicySamples).Select(sample => (Action)(() =>
        {
            int failed = -1;
            ReadOnlySpan2D<byte> result = distort(new ReadOnlySpan2D<byte>(source, n, n), new Span2D<byte>(a, n, n), new Span2D<byte>(b, n, n), 1, 0, sample, Span<long>.Empty, ref failed);
            half?.Invoke(result, halves);
            result.CopyTo(new Span2D<byte>(destination, n, n));
        }))];
    }

    /// <summary>
    /// ToTensor.ToFloat16 / ToFloat32 (src, dst, in Normalization.UnitRange) of this build as a two-argument delegate:
    /// the normalisation struct is a distinct type per build, so a small dynamic method loads it and passes it by
    /// reference.
    /// </summary>
    private static T Convert<T>(Assembly simd, string name)
        where T : Delegate
    {
        Type toTensor = simd.GetType("Hpc.Simd.Conversion.ToTensor", throwOnError: true)!;
        Type normalization = simd.GetType("Hpc.Simd.Conversion.Normalization", throwOnError: true)!;
        MethodInfo invoke = typeof(T).GetMethod("Invoke")!;
        Type[] args = [.. invoke.GetParameters().Select(p => p.ParameterType)];
        MethodInfo target = toTensor.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.GetParameters().Length == 3);
        var method = new DynamicMethod($"{name}UnitRange", typeof(void), args, typeof(AbOps).Module, skipVisibility: true);
        ILGenerator il = method.GetILGenerator();
        LocalBuilder unit = il.DeclareLocal(normalization);
        il.Emit(OpCodes.Call, normalization.GetProperty("UnitRange")!.GetMethod!);
        il.Emit(OpCodes.Stloc, unit);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldloca, unit);
        il.Emit(OpCodes.Call, target);
        il.Emit(OpCodes.Ret);
        return (T)method.CreateDelegate(typeof(T));
    }

    /// <summary>The converted tensor's bytes, as many as fit, so the two builds' outputs can be compared.</summary>
    private static void Copy<TElement>(TElement[] tensor, byte[] destination)
        where TElement : unmanaged
    {
        ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan());
        bytes[..Math.Min(bytes.Length, destination.Length)].CopyTo(destination);
    }

    private static T Get<T>(Assembly simd, string typeName, int parameters)
        where T : Delegate
    {
        Type type = simd.GetType(typeName, throwOnError: true)!;
        MethodInfo method = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == "Apply" && m.GetParameters().Length == parameters && m.GetParameters().All(p => p.ParameterType.Name != "SimdPath"));
        return (T)Delegate.CreateDelegate(typeof(T), method);
    }
}
