using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>Sine roll, 256-bit: start rows four at a time (<see cref="SineStarts"/>), then <see cref="SineRoll"/> on lanes of up to 32 bytes (narrower images take narrower lanes).</summary>
internal static class SineWarpVector256
{
    [SkipLocalsInit]
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        int w = src.Width;
        int padded = SineStarts.PaddedLength(w);
        Span<int> starts = padded <= 1024 ? stackalloc int[padded] : Scratch.Ints(padded);
        SineStarts.Run<SineLanes256>(starts, w, src.Height, amplitude, frequency);
        SineRoll.Run(src, dst, starts, 32);
    }
}
