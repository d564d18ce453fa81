using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VD = System.Runtime.Intrinsics.Vector512<double>;
using VI = System.Runtime.Intrinsics.Vector512<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Bilinear warp with AVX-512 VBMI for sources at most 128 pixels wide: per block of 64 outputs, every source row
/// the block's 2x2 taps touch is permuted twice (left and right taps) with <c>vpermi2b</c> and blended into the
/// top or bottom tap registers; no per-pixel loads. Taps and weights are computed exactly as in the other paths
/// (Pillow's double sample point floored to 16.16), so the output is bit-identical to <see cref="AffineScalar"/>.
/// </summary>
internal static class AffineBilinearVbmi
{
    private const int MaxRowsPerBlock = 24;
    private const int MaxWidth = 128;

    /// <summary>
    /// VBMI present, 2..128 columns, at least 2 rows, few enough crossed rows per 64-pixel block, and coefficients in
    /// the range where scaling them by 2^16 is exact (see <see cref="Geometry"/>).
    /// </summary>
    public static bool Applies(ReadOnlySpan2D<byte> src, in AffineMatrix m) =>
        Avx512Vbmi.IsSupported && src.Width is >= 2 and <= MaxWidth && src.Height is >= 2 and < 32767 &&
        (Math.Abs(m.D) * 63) + 3 <= MaxRowsPerBlock &&
        ScalesExactly(m.A) && ScalesExactly(m.B) && ScalesExactly(m.C) && ScalesExactly(m.D) && ScalesExactly(m.E) && ScalesExactly(m.F);

    // Zero, or far from both overflow and the subnormal range, so that every product and sum of the sample point
    // is a normal double both with and without the 2^16 factor (then the factor commutes with each rounding).
    private static bool ScalesExactly(double v) => v == 0 || (Math.Abs(v) >= 1e-250 && Math.Abs(v) <= 1e12);

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, byte fill)
    {
        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            Run(srcBase, src, dst, m, fill);
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, byte fill)
    {
        int w = src.Width;
        int h = src.Height;
        // Rows are read in place with fault-suppressing masked loads: nothing past a row is touched, no copy.
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(src.Width, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(src.Width - VB.Count, 0)));
        bool twoRegisters = src.Width > VB.Count;
        nint srcStride = ImageLayout.Stride(src);
        Span<byte> pixels = stackalloc byte[VB.Count];
        var geo = new Geometry(m, w, h);
        VB fillV = Vec.Create(fill);
        var narrow = new VbmiNarrow();
        VB one = Vec.Create((byte)1);

        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            double yc = y + 0.5;
            double rowYs = m.E * yc;
            VD rowX = Vec.Create(geo.ScaledB * yc);
            VD rowY = Vec.Create(geo.ScaledE * yc);
            for (int x0 = 0; x0 < row.Length; x0 += VB.Count)
            {
                int x = row.Length >= VB.Count ? Math.Min(x0, row.Length - VB.Count) : 0;
                int n = Math.Min(VB.Count, row.Length);
                // The base row is monotonic along the block, so its ends bound it.
                int byA = geo.BaseRow(x, rowYs);
                int byB = geo.BaseRow(x + n - 1, rowYs);
                int bymin = Math.Min(byA, byB);
                int bymax = Math.Max(byA, byB);
                VI minV = Vec.Create(bymin);

                VI ok0 = geo.Taps(x, rowX, rowY, minV, out VI bx0, out VI by0, out VI fx0, out VI fy0);
                VI ok1 = geo.Taps(x + 16, rowX, rowY, minV, out VI bx1, out VI by1, out VI fx1, out VI fy1);
                VI ok2 = geo.Taps(x + 32, rowX, rowY, minV, out VI bx2, out VI by2, out VI fx2, out VI fy2);
                VI ok3 = geo.Taps(x + 48, rowX, rowY, minV, out VI bx3, out VI by3, out VI fx3, out VI fy3);
                VB left = narrow.Bytes(bx0, bx1, bx2, bx3);
                VB right = left + one;
                VB rel = narrow.Bytes(by0, by1, by2, by3);
                VB inside = narrow.Bytes(ok0, ok1, ok2, ok3);

                VB p00 = VB.Zero, p01 = VB.Zero, p10 = VB.Zero, p11 = VB.Zero;
                for (int r = bymin; r <= bymax + 1; r++)
                {
                    byte* line = srcBase + (r * srcStride);
                    VB lo = Avx512BW.MaskLoad(line, maskLo, VB.Zero);
                    VB hi = twoRegisters ? Avx512BW.MaskLoad(line + VB.Count, maskHi, VB.Zero) : VB.Zero;
                    VB a = Avx512Vbmi.PermuteVar64x8x2(lo, left, hi);
                    VB b = Avx512Vbmi.PermuteVar64x8x2(lo, right, hi);
                    VB top = Vec.Equals(rel, Vec.Create((byte)(r - bymin)));
                    VB bottom = Vec.Equals(rel, Vec.Create(unchecked((byte)(r - bymin - 1))));
                    p00 = Vec.ConditionalSelect(top, a, p00);
                    p01 = Vec.ConditionalSelect(top, b, p01);
                    p10 = Vec.ConditionalSelect(bottom, a, p10);
                    p11 = Vec.ConditionalSelect(bottom, b, p11);
                }

                (VI a00, VI a01, VI a02, VI a03) = Widen(p00);
                (VI b00, VI b01, VI b02, VI b03) = Widen(p01);
                (VI c00, VI c01, VI c02, VI c03) = Widen(p10);
                (VI d00, VI d01, VI d02, VI d03) = Widen(p11);
                VB result = narrow.Bytes(
                    Blend(a00, b00, c00, d00, fx0, fy0),
                    Blend(a01, b01, c01, d01, fx1, fy1),
                    Blend(a02, b02, c02, d02, fx2, fy2),
                    Blend(a03, b03, c03, d03, fx3, fy3));
                result = Vec.ConditionalSelect(inside, result, fillV);
                if (n == VB.Count)
                {
                    result.StoreUnsafe(ref row[x]);
                }
                else
                {
                    result.StoreUnsafe(ref pixels[0]);
                    pixels[..n].CopyTo(row);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (VI, VI, VI, VI) Widen(VB v)
    {
        (Vector512<ushort> lo, Vector512<ushort> hi) = Vec.Widen(v);
        (Vector512<uint> q0, Vector512<uint> q1) = Vec.Widen(lo);
        (Vector512<uint> q2, Vector512<uint> q3) = Vec.Widen(hi);
        return (q0.AsInt32(), q1.AsInt32(), q2.AsInt32(), q3.AsInt32());
    }

    /// <summary><see cref="AffineScalar.Blend"/> in int32 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Blend(VI p00, VI p01, VI p10, VI p11, VI fx, VI fy)
    {
        const int bits = AffineScalar.WeightBits;
        VI top = Vec.ShiftLeft(p00, bits) + ((p01 - p00) * fx);
        VI bottom = Vec.ShiftLeft(p10, bits) + ((p11 - p10) * fx);
        return Vec.ShiftRightArithmetic(Vec.ShiftLeft(top, bits) + ((bottom - top) * fy), 2 * bits);
    }

    /// <summary>
    /// The same taps as the generic vector paths, returned in registers, from the map scaled by 2^16: with every
    /// coefficient in the <see cref="ScalesExactly"/> range, 2^16 * ((a * x + b * y) + c) rounds to exactly 2^16 times
    /// Pillow's double sample point, so one conversion rounding toward negative infinity yields the 16.16 floor. Out of
    /// int32 range it yields int.MinValue, which the unsigned inside test rejects like any other outside point.
    /// </summary>
    private readonly struct Geometry(in AffineMatrix m, int width, int height)
    {
        private readonly double ds = m.D;
        private readonly double fs = m.F;
        private readonly double highYs = (height + 1) * 65536.0;
        private readonly int maxBaseYs = height - 2;
        private readonly VD a = Vec.Create(m.A * 65536.0);
        private readonly VD c = Vec.Create(m.C * 65536.0);
        private readonly VD d = Vec.Create(m.D * 65536.0);
        private readonly VD f = Vec.Create(m.F * 65536.0);
        private readonly VD centres = Vec.Create(0.5) + VD.Indices;
        private readonly Vector512<uint> widthLimit = Vec.Create((uint)width << 16);
        private readonly Vector512<uint> heightLimit = Vec.Create((uint)height << 16);
        private readonly VI maxBaseX = Vec.Create(width - 2);
        private readonly VI maxBaseY = Vec.Create(height - 2);

        public double ScaledB { get; } = m.B * 65536.0;

        public double ScaledE { get; } = m.E * 65536.0;

        /// <summary>The clamped base row of output column x, computed with the lanes' exact double operations.</summary>
        public int BaseRow(int x, double rowY)
        {
            double xc = x + 0.5;
            double yy = Math.Floor(Math.Clamp(((ds * xc) + rowY + fs) * 65536.0, -65536.0, highYs));
            return Math.Clamp(((int)yy - 32768) >> 16, 0, maxBaseYs);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VI Taps(int x, VD rowX, VD rowY, VI minRow, out VI bx, out VI relRow, out VI fx, out VI fy)
        {
            VD xcLo = Vec.Create((double)x) + centres;
            VD xcHi = Vec.Create((double)(x + VD.Count)) + centres;
            VI xx = Floor(((a * xcLo) + rowX) + c, ((a * xcHi) + rowX) + c);
            VI yy = Floor(((d * xcLo) + rowY) + f, ((d * xcHi) + rowY) + f);
            VI ok = (Vec.LessThan(xx.AsUInt32(), widthLimit) & Vec.LessThan(yy.AsUInt32(), heightLimit)).AsInt32();
            VI half = Vec.Create(32768);
            VI xs = xx - half;
            VI ys = yy - half;
            bx = Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(xs, 16), VI.Zero), maxBaseX);
            VI by = Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(ys, 16), VI.Zero), maxBaseY);
            VI full = Vec.Create(1 << AffineScalar.WeightBits);
            fx = Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(xs - Vec.ShiftLeft(bx, 16), 16 - AffineScalar.WeightBits), VI.Zero), full);
            fy = Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(ys - Vec.ShiftLeft(by, 16), 16 - AffineScalar.WeightBits), VI.Zero), full);
            relRow = by - minRow;
            return ok;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI Floor(VD lo, VD hi) => Vec.Create(
            Avx512F.ConvertToVector256Int32(lo, FloatRoundingMode.ToNegativeInfinity),
            Avx512F.ConvertToVector256Int32(hi, FloatRoundingMode.ToNegativeInfinity));
    }
}
