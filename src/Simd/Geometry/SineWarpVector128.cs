using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>Sine roll, 128-bit: start rows two at a time (<see cref="SineStarts"/>), then <see cref="SineRoll"/> on 16-byte lanes (narrower images take narrower lanes).</summary>
internal static class SineWarpVector128
{
    [SkipLocalsInit]
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        int w = src.Width;
        int padded = SineStarts.PaddedLength(w);
        Span<int> starts = padded <= 1024 ? stackalloc int[padded] : Scratch.Ints(padded);
        // The lanes' int conversion is SSE2's; other machines keep the scalar start rows.
        if (Sse2.IsSupported)
        {
            SineStarts.Run<SineLanes128>(starts, w, src.Height, amplitude, frequency);
        }
        else
        {
            SineWarp.StartRows(starts[..w], src.Height, amplitude, frequency);
        }

        SineRoll.Run(src, dst, starts, 16);
    }
}
