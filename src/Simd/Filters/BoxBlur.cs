using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>
/// Pass scheduling of the vector blur. The image lives in two scratch planes whose rows carry Radius+1 replicated
/// edge pixels on each side, so a pass along the rows reads its taps at fixed offsets and never clamps. Down the
/// columns, rows whose whole window lies inside the image form one uniform block (fixed row offsets); only the
/// Radius+1 rows at the top and bottom need clamped row indices. Each pass is one call of an ISA kernel that walks
/// all rows of a block itself.
/// <para>
/// Box radius 0 (Gaussian radius below ~1.4, the augmentation range) on AVX-512 rows of 16-64 pixels skips all of
/// that: first the 16-bit kernel when its per-call proof holds (about 95% of radii), else the
/// 32-bit fused row kernel plus the fused column kernel, whose pass is one float FMA (<see cref="BoxPassRounded"/>)
/// when that proof holds (about 99% of radii) and Pillow's integer formula (<see cref="BoxPassFixed"/>) otherwise.
/// AVX2 takes its own twins of those kernels (the 16-bit one split into a row half and a column half). The 128-bit
/// path runs the three row passes one by one and then the same fused column kernel as AVX2, four lanes wide.
/// </para>
/// </summary>
[SkipLocalsInit]
internal static class BoxBlur
{
    /// <summary>Box radii above this go to the scalar running sum (radius above about 35).</summary>
    public const int MaxVectorRadius = 32;

    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, BoxBlurWeights weights, SimdPath path)
    {
        int h = src.Height, w = src.Width, pad = weights.Radius + 1, tapCount = 2 * pad + 1;
        if (path == SimdPath.Vector512 && pad == 1 && w >= BoxBlurWordsVector512.MinimumWidth && w <= BoxBlurWordsVector512.MaximumWidth
            && BoxBlurWordsProof.TryPass(weights, out WordPass pass))
        {
            // About 95% of the radii: a 16-bit pass is proven exact, all six passes run in 16-bit lanes.
            BoxBlurWordsVector512.Run(ref Unsafe.AsRef(in src.DangerousGetReference()), ImageLayout.Stride(src), ref dst.DangerousGetReference(), ImageLayout.Stride(dst), w, h, pass);
            return;
        }

        if (path == SimdPath.Vector256 && pad == 1 && w >= BoxBlurWordsVector256.MinimumWidth && w <= BoxBlurWordsVector256.MaximumWidth
            && BoxBlurWordsProof.TryPass(weights, out WordPass wordPass))
        {
            // The proven 16-bit pass on AVX2: 16 pixels per register, five operations per pass (seven when shifted).
            Span<byte> rows = FilterScratch.Bytes(checked(h * BoxBlurWordsVector256.OutputPitch));
            BoxBlurWordsVector256.Rows(ref Unsafe.AsRef(in src.DangerousGetReference()), ImageLayout.Stride(src), ref rows[0], w, h, wordPass);
            BoxBlurWordsVector256.Columns(ref rows[0], BoxBlurWordsVector256.OutputPitch, ref dst.DangerousGetReference(), ImageLayout.Stride(dst), w, h, wordPass);
            return;
        }

        if (pad == 1 && ((path == SimdPath.Vector512 && w >= BoxBlurRowsVector512.MinimumWidth && w <= BoxBlurRowsVector512.MaximumWidth)
            || (path == SimdPath.Vector256 && w >= BoxBlurRowsVector256.MinimumWidth && w <= BoxBlurRowsVector256.MaximumWidth)))
        {
            // The radii the 16-bit proof refuses (about 5%), on either ISA:
            // 32-bit lanes, horizontal passes fused per row into a scratch row (16- or 8-lane registers), then
            // the vertical passes fused per 16- or 8-column block; one float FMA per pass where proven.
            if (RoundedPassApplies(path, weights))
            {
                Fused<BoxPassRounded>(path, src, dst, weights);
            }
            else
            {
                Fused<BoxPassFixed>(path, src, dst, weights);
            }

            return;
        }

        int pitch = checked(w + 2 * pad);
        int plane = checked(h * pitch);
        Span<byte> scratch = FilterScratch.Bytes(checked(2 * plane));
        Span<nint> offsets = FilterScratch.Offsets(2 * tapCount);
        Span<nint> along = offsets[..tapCount];
        Span<nint> down = offsets[tapCount..];
        ref byte a = ref scratch[0];
        ref byte b = ref scratch[plane];
        ref byte s = ref Unsafe.AsRef(in src.DangerousGetReference());
        nint sp = ImageLayout.Stride(src);

        for (int j = 0; j < tapCount; j++)
        {
            along[j] = j;
        }

        for (int y = 0; y < h; y++)
        {
            CopyRow(ref Unsafe.Add(ref s, y * sp), ref Unsafe.Add(ref a, y * pitch + pad), w);
        }

        // Scratch planes are contiguous, so a pass along the rows is one flat line through all of them: what it
        // writes into the pads between rows is garbage that the next ReplicateEdges overwrites.
        int flat = (h - 1) * pitch + w;
        ReplicateEdges(ref a, pitch, pad, w, h);
        Lines(path, ref a, along, pitch, ref Unsafe.Add(ref b, pad), pitch, flat, 1, weights);
        ReplicateEdges(ref b, pitch, pad, w, h);
        Lines(path, ref b, along, pitch, ref Unsafe.Add(ref a, pad), pitch, flat, 1, weights);
        ReplicateEdges(ref a, pitch, pad, w, h);
        Lines(path, ref a, along, pitch, ref Unsafe.Add(ref b, pad), pitch, flat, 1, weights);

        if (pad == 1 && ((path == SimdPath.Vector512 && w >= BoxBlurColumnsVector512.MinimumWidth)
            || (path == SimdPath.Vector256 && w >= BoxBlurColumns<BoxLanes256>.MinimumWidth)
            || (path == SimdPath.Vector128 && w >= BoxBlurColumns<BoxLanes128>.MinimumWidth)))
        {
            // Rows outside the fused row kernels' widths, and the 128-bit path, still get the fused vertical passes.
            ref byte rowsDone = ref Unsafe.Add(ref b, pad);
            if (RoundedPassApplies(path, weights))
            {
                FusedColumns<BoxPassRounded>(path, ref rowsDone, pitch, dst, weights);
            }
            else
            {
                FusedColumns<BoxPassFixed>(path, ref rowsDone, pitch, dst, weights);
            }

            return;
        }

        Columns(path, ref Unsafe.Add(ref b, pad), pitch, ref Unsafe.Add(ref a, pad), pitch, w, h, down, weights, intoScratch: true);
        Columns(path, ref Unsafe.Add(ref a, pad), pitch, ref Unsafe.Add(ref b, pad), pitch, w, h, down, weights, intoScratch: true);
        Columns(path, ref Unsafe.Add(ref b, pad), pitch, ref dst.DangerousGetReference(), ImageLayout.Stride(dst), w, h, down, weights, intoScratch: false);
    }

    /// <summary>
    /// The fused row kernel into a scratch plane of 64-wide rows (32-bit lanes on the 512-bit path, bytes on AVX2), then
    /// the fused column kernel.
    /// </summary>
    private static void Fused<TPass>(SimdPath path, ReadOnlySpan2D<byte> src, Span2D<byte> dst, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
    {
        int h = src.Height, w = src.Width;
        ref byte input = ref Unsafe.AsRef(in src.DangerousGetReference());
        if (path == SimdPath.Vector512)
        {
            const int lanePitch = BoxBlurRowsVector512.OutputPitch;
            Span<uint> lanes = MemoryMarshal.Cast<byte, uint>(FilterScratch.Bytes(checked(h * lanePitch * sizeof(uint))));
            BoxBlurRowsVector512.Run<TPass>(ref input, ImageLayout.Stride(src), ref lanes[0], w, h, weights);
            BoxBlurColumnsVector512.Run<TPass, uint>(ref lanes[0], lanePitch, ref dst.DangerousGetReference(), ImageLayout.Stride(dst), dst.Width, dst.Height, weights);
            if (BoxBlurRowsVector512.StoresByPhase(w))
            {
                // The rows ran by phase (BoxBlurRowsVector512.RunPhases) and came out in that order.
                BoxBlurRowsVector512.Interleave(ref dst.DangerousGetReference(), ImageLayout.Stride(dst), h);
            }

            return;
        }

        const int pitch = BoxBlurRowsVector256.OutputPitch;
        Span<byte> rows = FilterScratch.Bytes(checked(h * pitch));
        BoxBlurRowsVector256.Run<TPass>(ref input, ImageLayout.Stride(src), ref rows[0], w, h, weights);
        FusedColumns<TPass>(path, ref rows[0], pitch, dst, weights);
    }

    private static void FusedColumns<TPass>(SimdPath path, ref byte rows, nint pitch, Span2D<byte> dst, BoxBlurWeights weights)
        where TPass : struct, IBoxPass
    {
        if (path == SimdPath.Vector512)
        {
            BoxBlurColumnsVector512.Run<TPass, byte>(ref rows, pitch, ref dst.DangerousGetReference(), ImageLayout.Stride(dst), dst.Width, dst.Height, weights);
        }
        else if (path == SimdPath.Vector256)
        {
            BoxBlurColumns<BoxLanes256>.Run<TPass>(ref rows, pitch, ref dst.DangerousGetReference(), ImageLayout.Stride(dst), dst.Width, dst.Height, weights);
        }
        else
        {
            BoxBlurColumns<BoxLanes128>.Run<TPass>(ref rows, pitch, ref dst.DangerousGetReference(), ImageLayout.Stride(dst), dst.Width, dst.Height, weights);
        }
    }

    /// <summary>
    /// Whether the float pass (<see cref="BoxPassRounded"/>) is proven exact for these weights and has hardware
    /// fused multiply-add on this path (always with AVX-512 and on ARM64; x64 machines without FMA keep the integer
    /// pass, which a software fused multiply-add would only slow down).
    /// </summary>
    private static bool RoundedPassApplies(SimdPath path, BoxBlurWeights weights) =>
        (path == SimdPath.Vector512 || (path is SimdPath.Vector256 or SimdPath.Vector128 && (Fma.IsSupported || AdvSimd.IsSupported)))
        && BoxPassRounded.IsExact(weights);

    /// <summary>One vertical pass: the unclamped middle block in one kernel call, then each edge row alone.</summary>
    private static void Columns(
        SimdPath path, ref byte input, nint inPitch, ref byte output, nint outPitch, int w, int h, Span<nint> taps, BoxBlurWeights weights, bool intoScratch)
    {
        int pad = weights.Radius + 1;
        int first = pad, last = h - 1 - pad;
        if (first <= last)
        {
            for (int j = 0; j < taps.Length; j++)
            {
                taps[j] = j * inPitch;
            }

            ref byte block = ref Unsafe.Add(ref input, (first - pad) * inPitch);
            ref byte target = ref Unsafe.Add(ref output, first * outPitch);
            int rows = last - first + 1;
            if (intoScratch)
            {
                // Scratch to scratch: one flat line over the block, the columns between rows are scratch pads.
                Lines(path, ref block, taps, inPitch, ref target, outPitch, (rows - 1) * (int)inPitch + w, 1, weights);
            }
            else
            {
                Lines(path, ref block, taps, inPitch, ref target, outPitch, w, rows, weights);
            }
        }

        for (int y = 0; y < h; y++)
        {
            if (y >= first && y <= last)
            {
                y = last;
                continue;
            }

            for (int j = 0; j < taps.Length; j++)
            {
                taps[j] = Math.Clamp(y - pad + j, 0, h - 1) * inPitch;
            }

            Lines(path, ref input, taps, inPitch, ref Unsafe.Add(ref output, y * outPitch), outPitch, w, 1, weights);
        }
    }

    /// <summary>Fills the <paramref name="pad"/> bytes either side of every row with that row's edge pixels.</summary>
    private static void ReplicateEdges(ref byte plane, nint pitch, int pad, int w, int h)
    {
        if (pad == 1)
        {
            // Radius below ~1.4, the augmentation range: one byte each side, no inner loop.
            for (int y = 0; y < h; y++)
            {
                ref byte row = ref Unsafe.Add(ref plane, y * pitch);
                row = Unsafe.Add(ref row, 1);
                Unsafe.Add(ref row, w + 1) = Unsafe.Add(ref row, w);
            }

            return;
        }

        for (int y = 0; y < h; y++)
        {
            ref byte row = ref Unsafe.Add(ref plane, y * pitch);
            byte left = Unsafe.Add(ref row, pad), right = Unsafe.Add(ref row, pad + w - 1);
            for (int i = 0; i < pad; i++)
            {
                Unsafe.Add(ref row, i) = left;
                Unsafe.Add(ref row, pad + w + i) = right;
            }
        }
    }

    /// <summary>Row copy without a memmove call per row (rows are short); the last vector overlaps.</summary>
    private static void CopyRow(ref byte from, ref byte to, int w)
    {
        if (w < Vector128<byte>.Count || !Vector128.IsHardwareAccelerated)
        {
            Unsafe.CopyBlockUnaligned(ref to, ref from, (uint)w);
            return;
        }

        int last = w - Vector128<byte>.Count;
        for (int x = 0; x < last; x += Vector128<byte>.Count)
        {
            Vector128.LoadUnsafe(ref from, (nuint)x).StoreUnsafe(ref to, (nuint)x);
        }

        Vector128.LoadUnsafe(ref from, (nuint)last).StoreUnsafe(ref to, (nuint)last);
    }

    private static void Lines(
        SimdPath path, ref byte input, ReadOnlySpan<nint> taps, nint inPitch, ref byte output, nint outPitch, int n, int rows, BoxBlurWeights weights)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                BoxBlurVector512.Lines(ref input, taps, inPitch, ref output, outPitch, n, rows, weights.Whole, weights.Fraction);
                break;
            case SimdPath.Vector256:
                BoxBlurVector256.Lines(ref input, taps, inPitch, ref output, outPitch, n, rows, weights.Whole, weights.Fraction);
                break;
            default:
                BoxBlurVector128.Lines(ref input, taps, inPitch, ref output, outPitch, n, rows, weights.Whole, weights.Fraction);
                break;
        }
    }
}
