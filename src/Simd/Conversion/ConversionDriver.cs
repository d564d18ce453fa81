using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Simd.Conversion;

/// <summary>
/// The one element-wise driver behind every byte-to-tensor conversion (TensorPrimitives style): widen bytes to
/// int32, convert, one multiply, one add (none when it would change nothing, see <see cref="AddsNothing"/>), hand the
/// float vector to the encoder. Each width runs four vectors per iteration, then single vectors, then one final vector
/// that overlaps the previous one (dst never aliases src); spans shorter than one vector drop to the next narrower
/// width and finally to scalar.
/// </summary>
[SkipLocalsInit]
internal static class ConversionDriver
{
    public static void Run<TEncoder, TOut>(ref byte src, ref TOut dst, int n, float multiplier, float offset, SimdPath path)
        where TEncoder : IFloatEncoder<TOut>
        where TOut : unmanaged
    {
        if (path != SimdPath.Scalar && AddsNothing(multiplier, offset))
        {
            Run<TEncoder, TOut, NoOffset>(ref src, ref dst, n, multiplier, offset, path);
        }
        else
        {
            Run<TEncoder, TOut, Offset>(ref src, ref dst, n, multiplier, offset, path);
        }
    }

    /// <summary>
    /// Whether adding <paramref name="offset"/> to every scaled byte returns it unchanged, bit for bit: -0 always does
    /// (UnitRange's offset is -0 / 1), and +0 does when the scaled values cannot be -0 (a positive multiplier on
    /// bytes). There the add was a fifth of the float32 loop's work, on the port its conversion uses (Zen 4).
    /// </summary>
    internal static bool AddsNothing(float multiplier, float offset) =>
        BitConverter.SingleToUInt32Bits(offset) == 0x8000_0000u || (BitConverter.SingleToUInt32Bits(offset) == 0 && multiplier > 0);

    private static void Run<TEncoder, TOut, TOffset>(ref byte src, ref TOut dst, int n, float multiplier, float offset, SimdPath path)
        where TEncoder : IFloatEncoder<TOut>
        where TOut : unmanaged
        where TOffset : struct, IOffset
    {
        switch (path)
        {
            case SimdPath.Vector512:
                Vector512Loop<TEncoder, TOut, TOffset>(ref src, ref dst, n, multiplier, offset);
                break;
            case SimdPath.Vector256:
                Vector256Loop<TEncoder, TOut, TOffset>(ref src, ref dst, n, multiplier, offset);
                break;
            case SimdPath.Vector128:
                Vector128Loop<TEncoder, TOut, TOffset>(ref src, ref dst, n, multiplier, offset);
                break;
            default:
                ScalarLoop<TEncoder, TOut>(ref src, ref dst, n, multiplier, offset);
                break;
        }
    }

    public static void ScalarLoop<TEncoder, TOut>(ref byte src, ref TOut dst, int n, float multiplier, float offset)
        where TEncoder : IFloatEncoder<TOut>
        where TOut : unmanaged
    {
        for (int i = 0; i < n; i++)
        {
            // Two statements so no compiler can contract them into a fused multiply-add.
            float scaled = Unsafe.Add(ref src, i) * multiplier;
            Unsafe.Add(ref dst, i) = TEncoder.Encode(scaled + offset);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vector512Loop<TEncoder, TOut, TOffset>(ref byte src, ref TOut dst, int n, float multiplier, float offset)
        where TEncoder : IFloatEncoder<TOut>
        where TOut : unmanaged
        where TOffset : struct, IOffset
    {
        const int Count = 16;
        if (n < Count)
        {
            Vector256Loop<TEncoder, TOut, TOffset>(ref src, ref dst, n, multiplier, offset);
            return;
        }

        Vector512<float> m = Vector512.Create(multiplier), a = Vector512.Create(offset);
        int i = 0;
        for (; i <= n - 4 * Count; i += 4 * Count)
        {
            if (typeof(TOut) == typeof(float))
            {
                Step(ref src, ref dst, i, m, a);
                Step(ref src, ref dst, i + Count, m, a);
                Step(ref src, ref dst, i + 2 * Count, m, a);
                Step(ref src, ref dst, i + 3 * Count, m, a);
            }
            else
            {
                // 16-bit elements: one pack and one permute narrow two registers (see IFloatEncoder).
                Pair(ref src, ref dst, i, m, a);
                Pair(ref src, ref dst, i + 2 * Count, m, a);
            }
        }

        for (; i <= n - Count; i += Count)
        {
            Step(ref src, ref dst, i, m, a);
        }

        if (i < n)
        {
            Step(ref src, ref dst, n - Count, m, a);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Step(ref byte src, ref TOut dst, int i, Vector512<float> m, Vector512<float> a)
        {
            Vector512<float> x = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref Unsafe.Add(ref src, i))));
            TEncoder.Store(TOffset.Add(x * m, a), ref Unsafe.Add(ref dst, i));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Pair(ref byte src, ref TOut dst, int i, Vector512<float> m, Vector512<float> a)
        {
            Vector512<float> x = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref Unsafe.Add(ref src, i))));
            Vector512<float> y = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref Unsafe.Add(ref src, i + Count))));
            TEncoder.Store(TOffset.Add(x * m, a), TOffset.Add(y * m, a), ref Unsafe.Add(ref dst, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vector256Loop<TEncoder, TOut, TOffset>(ref byte src, ref TOut dst, int n, float multiplier, float offset)
        where TEncoder : IFloatEncoder<TOut>
        where TOut : unmanaged
        where TOffset : struct, IOffset
    {
        const int Count = 8;
        if (n < Count)
        {
            Vector128Loop<TEncoder, TOut, TOffset>(ref src, ref dst, n, multiplier, offset);
            return;
        }

        Vector256<float> m = Vector256.Create(multiplier), a = Vector256.Create(offset);
        int i = 0;
        for (; i <= n - 4 * Count; i += 4 * Count)
        {
            if (typeof(TOut) == typeof(float))
            {
                Step(ref src, ref dst, i, m, a);
                Step(ref src, ref dst, i + Count, m, a);
                Step(ref src, ref dst, i + 2 * Count, m, a);
                Step(ref src, ref dst, i + 3 * Count, m, a);
            }
            else
            {
                // 16-bit elements: one pack and one permute narrow two registers (see IFloatEncoder).
                Pair(ref src, ref dst, i, m, a);
                Pair(ref src, ref dst, i + 2 * Count, m, a);
            }
        }

        for (; i <= n - Count; i += Count)
        {
            Step(ref src, ref dst, i, m, a);
        }

        if (i < n)
        {
            Step(ref src, ref dst, n - Count, m, a);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Step(ref byte src, ref TOut dst, int i, Vector256<float> m, Vector256<float> a)
        {
            Vector128<byte> bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, i))).AsByte();
            Vector256<float> x = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes));
            TEncoder.Store(TOffset.Add(x * m, a), ref Unsafe.Add(ref dst, i));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Pair(ref byte src, ref TOut dst, int i, Vector256<float> m, Vector256<float> a)
        {
            // Two 8-byte loads, each folded into its vpmovzxbd.
            Vector128<byte> low = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, i))).AsByte();
            Vector128<byte> high = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, i + Count))).AsByte();
            Vector256<float> x = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(low));
            Vector256<float> y = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(high));
            TEncoder.Store(TOffset.Add(x * m, a), TOffset.Add(y * m, a), ref Unsafe.Add(ref dst, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vector128Loop<TEncoder, TOut, TOffset>(ref byte src, ref TOut dst, int n, float multiplier, float offset)
        where TEncoder : IFloatEncoder<TOut>
        where TOut : unmanaged
        where TOffset : struct, IOffset
    {
        const int Count = 4;
        if (n < Count)
        {
            ScalarLoop<TEncoder, TOut>(ref src, ref dst, n, multiplier, offset);
            return;
        }

        Vector128<float> m = Vector128.Create(multiplier), a = Vector128.Create(offset);
        int i = 0;
        for (; i <= n - 4 * Count; i += 4 * Count)
        {
            Step(ref src, ref dst, i, m, a);
            Step(ref src, ref dst, i + Count, m, a);
            Step(ref src, ref dst, i + 2 * Count, m, a);
            Step(ref src, ref dst, i + 3 * Count, m, a);
        }

        for (; i <= n - Count; i += Count)
        {
            Step(ref src, ref dst, i, m, a);
        }

        if (i < n)
        {
            Step(ref src, ref dst, n - Count, m, a);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Step(ref byte src, ref TOut dst, int i, Vector128<float> m, Vector128<float> a)
        {
            Vector128<byte> bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, i))).AsByte();
            Vector128<float> x = Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32());
            TEncoder.Store(TOffset.Add(x * m, a), ref Unsafe.Add(ref dst, i));
        }
    }

    /// <summary>The offset step of a vector loop: a JIT-time choice between adding it and nothing.</summary>
    private interface IOffset
    {
        static abstract Vector128<float> Add(Vector128<float> scaled, Vector128<float> offset);

        static abstract Vector256<float> Add(Vector256<float> scaled, Vector256<float> offset);

        static abstract Vector512<float> Add(Vector512<float> scaled, Vector512<float> offset);
    }

    private readonly struct Offset : IOffset
    {
        public static Vector128<float> Add(Vector128<float> scaled, Vector128<float> offset) => scaled + offset;

        public static Vector256<float> Add(Vector256<float> scaled, Vector256<float> offset) => scaled + offset;

        public static Vector512<float> Add(Vector512<float> scaled, Vector512<float> offset) => scaled + offset;
    }

    /// <summary>An offset that adds nothing (<see cref="AddsNothing"/>).</summary>
    private readonly struct NoOffset : IOffset
    {
        public static Vector128<float> Add(Vector128<float> scaled, Vector128<float> offset) => scaled;

        public static Vector256<float> Add(Vector256<float> scaled, Vector256<float> offset) => scaled;

        public static Vector512<float> Add(Vector512<float> scaled, Vector512<float> offset) => scaled;
    }
}
