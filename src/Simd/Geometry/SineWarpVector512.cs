using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Geometry;

/// <summary>Sine roll, 512-bit: start rows eight at a time (<see cref="SineStartsVector512"/>), then <see cref="SineRoll"/> on lanes of up to 64 bytes (narrower images take narrower lanes).</summary>
internal static class SineWarpVector512
{
    [SkipLocalsInit]
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, double amplitude, double frequency)
    {
        int w = src.Width;
        Span<int> starts = w <= 1024 ? stackalloc int[w] : Scratch.Ints(w);
        SineStartsVector512.Run(starts, src.Height, amplitude, frequency);
        SineRoll.Run(src, dst, starts, 64);
    }
}
