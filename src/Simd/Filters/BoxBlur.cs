using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>
/// Pass scheduling of the vector blur. Every pass is one call of an ISA line kernel that reads its taps at fixed
/// offsets from a base: along a row the taps are consecutive bytes of an edge-padded copy of the row (so the kernel
/// never clamps), down the columns they are whole rows with the row index clamped once per output row.
/// </summary>
[SkipLocalsInit]
internal static class BoxBlur
{
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, BoxBlurWeights weights, SimdPath path)
    {
        int h = src.Height, w = src.Width, r = weights.Radius, pad = r + 1, padded = w + 2 * pad;
        int plane = h * w;
        Span<byte> scratch = FilterScratch.Bytes(2 * plane + 2 * padded);
        Span<nint> taps = FilterScratch.Offsets(2 * r + 3);
        ref byte first = ref scratch[0];
        ref byte second = ref scratch[plane];
        ref byte rowA = ref scratch[2 * plane];
        ref byte rowB = ref scratch[2 * plane + padded];
        ref byte s = ref Unsafe.AsRef(in src.DangerousGetReference());
        ref byte d = ref dst.DangerousGetReference();
        nint sp = FilterGuard.Pitch(src), dp = FilterGuard.Pitch(dst);

        for (int j = 0; j < taps.Length; j++)
        {
            taps[j] = j;
        }

        for (int y = 0; y < h; y++)
        {
            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref rowA, pad), ref Unsafe.Add(ref s, y * sp), (uint)w);
            Replicate(ref rowA, pad, w);
            Line(path, ref rowA, taps, ref Unsafe.Add(ref rowB, pad), w, weights);
            Replicate(ref rowB, pad, w);
            Line(path, ref rowB, taps, ref Unsafe.Add(ref rowA, pad), w, weights);
            Replicate(ref rowA, pad, w);
            Line(path, ref rowA, taps, ref Unsafe.Add(ref first, y * w), w, weights);
        }

        Columns(path, ref first, w, ref second, w, h, w, taps, weights);
        Columns(path, ref second, w, ref first, w, h, w, taps, weights);
        Columns(path, ref first, w, ref d, dp, h, w, taps, weights);
    }

    private static void Columns(
        SimdPath path, ref byte input, nint inPitch, ref byte output, nint outPitch, int h, int w, Span<nint> taps, BoxBlurWeights weights)
    {
        int r = weights.Radius;
        for (int y = 0; y < h; y++)
        {
            for (int j = 0; j < taps.Length; j++)
            {
                taps[j] = Math.Clamp(y - r - 1 + j, 0, h - 1) * inPitch;
            }

            Line(path, ref input, taps, ref Unsafe.Add(ref output, y * outPitch), w, weights);
        }
    }

    /// <summary>Fills the <paramref name="pad"/> bytes either side of a padded row with its edge pixels.</summary>
    private static void Replicate(ref byte row, int pad, int w)
    {
        Unsafe.InitBlockUnaligned(ref row, Unsafe.Add(ref row, pad), (uint)pad);
        Unsafe.InitBlockUnaligned(ref Unsafe.Add(ref row, pad + w), Unsafe.Add(ref row, pad + w - 1), (uint)pad);
    }

    private static void Line(SimdPath path, ref byte input, ReadOnlySpan<nint> taps, ref byte output, int n, BoxBlurWeights weights)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                BoxBlurVector512.Line(ref input, taps, ref output, n, weights.Whole, weights.Fraction);
                break;
            case SimdPath.Vector256:
                BoxBlurVector256.Line(ref input, taps, ref output, n, weights.Whole, weights.Fraction);
                break;
            default:
                BoxBlurVector128.Line(ref input, taps, ref output, n, weights.Whole, weights.Fraction);
                break;
        }
    }
}
