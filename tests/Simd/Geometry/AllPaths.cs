using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// Runs a geometry kernel on every path this machine supports into a pitched destination and holds each result to
/// the scalar reference bit for bit, and the pitch padding between rows and the bytes around the destination to
/// untouched.
/// </summary>
internal static class AllPaths
{
    private static int FirstDifference(byte[] a, byte[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return -1;
    }

    public delegate void Reference(ReadOnlySpan2D<byte> src, Span2D<byte> dst);

    public delegate void OnPath(ReadOnlySpan2D<byte> src, Span2D<byte> dst, SimdPath path);

    public static void MatchScalar(PitchedImage src, int dstWidth, int dstHeight, string what, Reference reference, OnPath run)
    {
        var expected = new PitchedImage(dstWidth, dstHeight, 2);
        reference(src.Span, expected.Span);
        byte[] want = expected.ToArray();
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            var actual = new PitchedImage(dstWidth, dstHeight, 5);
            Array.Fill(actual.Buffer, (byte)0xA5);
            run(src.Span, actual.Span, path);
            byte[] got = actual.ToArray();
            int at = FirstDifference(got, want);
            Assert.True(at < 0, $"{what} on {src.Width}x{src.Height} -> {dstWidth}x{dstHeight}, {path}: pixel ({(at < 0 ? 0 : at % dstWidth)}, " +
                $"{(at < 0 ? 0 : at / dstWidth)}) is {(at < 0 ? 0 : got[at])}, scalar gives {(at < 0 ? 0 : want[at])}.");
            // The pitch padding between rows, and the bytes before the first row and after the last, must never be written.
            for (int r = 0; r < dstHeight; r++)
            {
                for (int k = 0; k < actual.Pitch; k++)
                {
                    Assert.True(
                        actual.Buffer[actual.Offset + (r * (dstWidth + actual.Pitch)) + dstWidth + k] == 0xA5,
                        $"{what} on {src.Width}x{src.Height} -> {dstWidth}x{dstHeight}, {path}: pitch padding byte {k} after row {r} was written.");
                }
            }

            Assert.True(Array.TrueForAll(actual.Buffer[..actual.Offset], b => b == 0xA5), $"{what} on {src.Width}x{src.Height} -> {dstWidth}x{dstHeight}, {path}: a byte before the destination was written.");
            Assert.True(
                Array.TrueForAll(actual.Buffer[(actual.Offset + (dstHeight * (dstWidth + actual.Pitch)))..], b => b == 0xA5),
                $"{what} on {src.Width}x{src.Height} -> {dstWidth}x{dstHeight}, {path}: a byte after the destination was written.");
        }
    }
}
