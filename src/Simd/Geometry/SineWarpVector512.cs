using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>Sine roll, 512-bit: start rows eight at a time (<see cref="SineStarts"/>), then <see cref="SineRoll"/> on 64-byte lanes (narrower images take one block of 32 or 64 lanes masked to their width).</summary>
internal static class SineWarpVector512
{
    [SkipLocalsInit]
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        int w = src.Width;
        // Narrow images roll as one masked block of up to 64 lanes, which reads that many start rows.
        int padded = Math.Max(SineStarts.PaddedLength(w), 64);
        Span<int> starts = padded <= 1024 ? stackalloc int[padded] : Scratch.Ints(padded);
        SineStarts.Run<SineLanes512>(starts, w, src.Height, amplitude, frequency);
        SineRoll.Run(src, dst, starts, 64);
    }
}
