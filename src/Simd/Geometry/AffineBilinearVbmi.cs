using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VD = System.Runtime.Intrinsics.Vector512<double>;
using VI = System.Runtime.Intrinsics.Vector512<int>;
using VS = System.Runtime.Intrinsics.Vector512<short>;

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
        VB pick0 = TapPairs.Pick(0), pick1 = TapPairs.Pick(1), pick2 = TapPairs.Pick(2), pick3 = TapPairs.Pick(3);

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
                // A lane's bottom row is the row after its top row, so the lanes that take row r as their bottom are
                // those that took row r - 1 as their top: one compare per row, the previous one is reused.
                VB above = VB.Zero;
                VB countdown = rel;
                for (int r = bymin; r <= bymax + 1; r++)
                {
                    byte* line = srcBase + (r * srcStride);
                    VB lo = Avx512BW.MaskLoad(line, maskLo, VB.Zero);
                    VB hi = twoRegisters ? Avx512BW.MaskLoad(line + VB.Count, maskHi, VB.Zero) : VB.Zero;
                    VB a = Avx512Vbmi.PermuteVar64x8x2(lo, left, hi);
                    VB b = Avx512Vbmi.PermuteVar64x8x2(lo, right, hi);
                    VB top = Vec.Equals(countdown, VB.Zero);
                    p00 = Avx512BW.BlendVariable(p00, a, top);
                    p01 = Avx512BW.BlendVariable(p01, b, top);
                    p10 = Avx512BW.BlendVariable(p10, a, above);
                    p11 = Avx512BW.BlendVariable(p11, b, above);
                    above = top;
                    countdown -= one;
                }

                var pairs = new TapPairs(p00, p01, p10, p11);
                VB result = narrow.Bytes(
                    pairs.Blend(pick0, fx0, fy0),
                    pairs.Blend(pick1, fx1, fy1),
                    pairs.Blend(pick2, fx2, fy2),
                    pairs.Blend(pick3, fx3, fy3));
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

    /// <summary>
    /// The four taps of 64 lanes, blended 16 lanes at a time. A byte permute of (left taps, right taps) lays out each
    /// lane's pair as two words, so one <c>vpmaddwd</c> against (2048 - fx, fx) gives p00 * (2048 - fx) + p01 * fx, the
    /// very integer <see cref="AffineScalar.Blend"/> forms as (p00 &lt;&lt; 11) + (p01 - p00) * fx; no widening chain.
    /// </summary>
    private readonly ref struct TapPairs(VB p00, VB p01, VB p10, VB p11)
    {
        private readonly VB p00 = p00, p01 = p01, p10 = p10, p11 = p11;

        /// <summary>Permute indices that put lane 16k + j's left tap in word 2j and its right tap in word 2j + 1.</summary>
        public static VB Pick(int k) =>
            Vec.ShiftRightLogical(VB.Indices, 2) + Vec.Create((byte)(16 * k)) + (Vec.ShiftRightLogical(VB.Indices & Vec.Create((byte)2), 1) * (byte)64);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VI Blend(VB pick, VI fx, VI fy)
        {
            const int bits = AffineScalar.WeightBits;
            VS lowBytes = Vec.Create((short)0xFF);
            VS top = Avx512Vbmi.PermuteVar64x8x2(p00, pick, p01).AsInt16() & lowBytes;
            VS bottom = Avx512Vbmi.PermuteVar64x8x2(p10, pick, p11).AsInt16() & lowBytes;
            VS weights = (Vec.Create(1 << bits) - fx | Vec.ShiftLeft(fx, 16)).AsInt16();
            VI t = Avx512BW.MultiplyAddAdjacent(top, weights);
            VI b = Avx512BW.MultiplyAddAdjacent(bottom, weights);
            return Vec.ShiftRightArithmetic(Vec.ShiftLeft(t, bits) + ((b - t) * fy), 2 * bits);
        }
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
