using Hpc.Simd.Conversion;

namespace Hpc.Simd.Tests.Conversion;

/// <summary>
/// Which normalisations may take the half encoder without the subnormal and overflow selects: only those that send
/// every byte to zero or into [2^-14, 2^16) (ConversionPathTests holds both encoders' output to the reference).
/// </summary>
public sealed class Float16NormalEncoderTests
{
    [Theory]
    [InlineData(1f / 255f, 0f, 1f, true)]            // [0, 1]: zero, then 1/255 upward
    [InlineData(1f / 255f, 0.2860f, 0.3530f, true)]  // Fashion-MNIST mean/std
    [InlineData(1f, 127.5f, 127.5f, true)]           // [-1, 1]
    [InlineData(257f, 0f, 1f, true)]                 // up to 65535, which rounds to infinity from a normal
    [InlineData(1e-6f, 0f, 1f, false)]               // 1e-6 is a half subnormal
    [InlineData(300f, 0f, 1f, false)]                // 76500 is past 2^16
    [InlineData(1f / 255f, 0.5f, 1.5e-3f, true)]     // large magnitudes, still under 2^16
    public void CoversOnlyNormalOrZeroRanges(float scale, float mean, float std, bool covered)
    {
        var n = new Normalization(scale, mean, std);
        Assert.Equal(covered, Float16NormalEncoder.Covers(n.Multiplier, n.Offset));
        // The per-thread memo answers the same the second time.
        Assert.Equal(covered, Float16NormalEncoder.Covers(n.Multiplier, n.Offset));
    }

    [Theory]
    [InlineData(1f / 255f, 0f, 1f, (int)HalfRange.NonNegative)]        // [0, 1]: the offset is -0 and adds nothing
    [InlineData(1f, 0f, 1f, (int)HalfRange.NonNegative)]               // raw byte values
    [InlineData(1f / 255f, 0.2860f, 0.3530f, (int)HalfRange.Normal)]   // Fashion-MNIST mean/std: negative values
    [InlineData(1f, 127.5f, 127.5f, (int)HalfRange.Normal)]            // [-1, 1]
    [InlineData(-1f / 255f, -0f, 1f, (int)HalfRange.Normal)]           // [-1, 0]: byte 0 gives +0, the rest are negative
    [InlineData(1f / 255f, 0f, -1f, (int)HalfRange.Normal)]            // negative std
    [InlineData(1e-6f, 0f, 1f, (int)HalfRange.Any)]                    // half subnormals
    public void RangeKeepsTheSignOnlyWhereAValueIsNegative(float scale, float mean, float std, int range)
    {
        var n = new Normalization(scale, mean, std);
        Assert.Equal((HalfRange)range, Float16NormalEncoder.Range(n.Multiplier, n.Offset));
    }
}
