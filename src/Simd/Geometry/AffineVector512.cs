using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VI = System.Runtime.Intrinsics.Vector512<int>;
using VU = System.Runtime.Intrinsics.Vector512<uint>;
using VD = System.Runtime.Intrinsics.Vector512<double>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Affine warp, one vector width. Gathers are microcoded on AMD, so each chunk of a row runs in three passes: vectors
/// compute the sample points (16.16 for nearest as Pillow does, doubles for bilinear), inside masks, byte offsets and
/// weights; a scalar loop does the loads (one byte, or two 16-bit pairs for bilinear); vectors then blend, narrow
/// and apply the fill. The Pillow modes that are not fixed point (scale-only, float) run the shared
/// <see cref="PillowAffine"/> code. This file is also <c>AffineVector256</c> and <c>AffineVector128</c>
/// (<see cref="NarrowerWidthsAttribute"/>): the engines only some widths take are chosen by the lane count.
/// </summary>
[NarrowerWidths]
internal static class AffineVector512
{
    // Output pixels per pass: a multiple of four int vectors of every width, small enough for the stack.
    private const int Chunk = 256;
    private static int Block => 4 * VI.Count;

    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, Interpolation interpolation, byte fill)
    {
        if (!ImageLayout.OffsetsFitInt32(src))
        {
            AffineScalar.Run(src, dst, m, interpolation, fill);
        }
        else if (interpolation == Interpolation.Nearest)
        {
            if (PillowAffine.Classify(m, dst.Width, dst.Height) == NearestMode.Fixed)
            {
                FixedAffine f = FixedAffine.From(m);
                if (AffineRowShift.Applies(f))
                {
                    // Only 512-bit rows have the fault-suppressing masked byte loads (AVX-512BW).
                    AffineRowShift.Run(src, dst, f, fill, masked: VB.Count == 64);
                }
                else if (VbmiTileHeight(src, dst, f) is int th and > 0)
                {
                    AffineNearestVbmi.Run(src, dst, f, th, fill);
                }
                else if (ShuffleTileHeight(src, dst, f) is int sth and > 0)
                {
                    AffineNearestAvx2.Run(src, dst, f, sth, fill);
                }
                else if (PortableShuffleTileHeight(src, dst, f) is int pth and > 0)
                {
                    AffineNearestShuffle128.Run(src, dst, f, pth, fill);
                }
                else
                {
                    NearestFixed(src, dst, f, fill);
                }
            }
            else
            {
                AffineScalar.Run(src, dst, m, interpolation, fill);
            }
        }
        else if (src.Width >= 2 && src.Height >= 2 && src.Width < 32767 && src.Height < 32767)
        {
            if (BilinearVbmiTileHeight(src, dst, m) is int bth and > 0)
            {
                AffineBilinearVbmi.Run(src, dst, m, bth, fill);
            }
            else if (ShuffleBilinearTileHeight(src, dst, m) is int sbth and > 0)
            {
                AffineBilinearAvx2.Run(src, dst, m, sbth, fill);
            }
            else if (PortableBilinearTileHeight(src, dst, m) is int pbth and > 0)
            {
                AffineBilinearShuffle128.Run(src, dst, m, pbth, fill);
            }
            else
            {
                Bilinear(src, dst, m, fill);
            }
        }
        else
        {
            // A one-pixel-wide or -high source has no 2x2 pair to load (the scalar reference clamps taps instead),
            // and sides beyond 32766 would overflow the 16.16 sample points.
            AffineScalar.Run(src, dst, m, interpolation, fill);
        }
    }

    // Only the 512-bit path has the two-register byte permute (VBMI). The lane-count tests fold away where inlined, as
    // the calls they wrap were before the narrower widths became generated copies of this file.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VbmiTileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f) =>
        VB.Count == 64 ? AffineNearestVbmi.TileHeight(src, dst, f) : 0;

    // The AVX2 shuffle engine: the 256-bit path's block engine, and the 512-bit path's where VBMI is missing.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShuffleTileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f) =>
        VB.Count >= 32 ? AffineNearestAvx2.TileHeight(src, dst, f) : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BilinearVbmiTileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m) =>
        VB.Count == 64 ? AffineBilinearVbmi.TileHeight(src, dst, m) : 0;

    // The portable nearest shuffle engine: the 128-bit path's (ARM64 NEON, x64 without AVX2).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PortableShuffleTileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f) =>
        VB.Count == 16 ? AffineNearestShuffle128.TileHeight(src, dst, f) : 0;

    // The AVX2 bilinear shuffle engine: the 256-bit path's, and the 512-bit path's where VBMI is missing.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShuffleBilinearTileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m) =>
        VB.Count >= 32 ? AffineBilinearAvx2.TileHeight(src, dst, m) : 0;

    // The portable bilinear shuffle engine: the 128-bit path's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PortableBilinearTileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m) =>
        VB.Count == 16 ? AffineBilinearShuffle128.TileHeight(src, dst, m) : 0;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NearestFixed(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, byte fill)
    {
        Span<int> offsets = stackalloc int[Chunk];
        Span<byte> inside = stackalloc byte[Chunk];
        Span<byte> pixels = stackalloc byte[Chunk];
        ref byte s = ref src.DangerousGetReference();
        ref int off = ref offsets[0];
        ref byte ins = ref inside[0];
        ref byte px = ref pixels[0];
        int stride = (int)ImageLayout.Stride(src);
        VU width = Vec.Create((uint)src.Width);
        VU height = Vec.Create((uint)src.Height);
        VI strideV = Vec.Create(stride);
        VI laneX = VI.Indices * f.XPerX;
        VI laneY = VI.Indices * f.YPerX;
        VI stepX = Vec.Create(unchecked(f.XPerX * VI.Count));
        VI stepY = Vec.Create(unchecked(f.YPerX * VI.Count));
        VB fillV = Vec.Create(fill);

        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            int rowX = unchecked(f.XOrigin + (y * f.XPerY));
            int rowY = unchecked(f.YOrigin + (y * f.YPerY));
            for (int x0 = 0; x0 < row.Length; x0 += Chunk)
            {
                int n = Math.Min(Chunk, row.Length - x0);
                VI xx = Vec.Create(unchecked(rowX + (x0 * f.XPerX))) + laneX;
                VI yy = Vec.Create(unchecked(rowY + (x0 * f.YPerX))) + laneY;
                bool allInside = true;
                for (int i = 0; i < n; i += Block)
                {
                    VI ok0 = Offsets(ref xx, ref yy, stepX, stepY, width, height, strideV, ref Unsafe.Add(ref off, i));
                    VI ok1 = Offsets(ref xx, ref yy, stepX, stepY, width, height, strideV, ref Unsafe.Add(ref off, i + VI.Count));
                    VI ok2 = Offsets(ref xx, ref yy, stepX, stepY, width, height, strideV, ref Unsafe.Add(ref off, i + (2 * VI.Count)));
                    VI ok3 = Offsets(ref xx, ref yy, stepX, stepY, width, height, strideV, ref Unsafe.Add(ref off, i + (3 * VI.Count)));
                    VB mask = Vec.Narrow(Vec.Narrow(ok0, ok1), Vec.Narrow(ok2, ok3)).AsByte();
                    mask.StoreUnsafe(ref ins, (nuint)i);
                    allInside &= mask == VB.AllBitsSet || (i + Block > n && AllInsideUpTo(mask, n - i));
                }

                for (int i = 0; i < n; i++)
                {
                    Unsafe.Add(ref px, i) = Unsafe.Add(ref s, Unsafe.Add(ref off, i));
                }

                if (!allInside)
                {
                    for (int i = 0; i < n; i += VB.Count)
                    {
                        VB v = Vec.LoadUnsafe(ref px, (nuint)i);
                        VB mask = Vec.LoadUnsafe(ref ins, (nuint)i);
                        Vec.ConditionalSelect(mask, v, fillV).StoreUnsafe(ref px, (nuint)i);
                    }
                }

                pixels[..n].CopyTo(row[x0..]);
            }
        }
    }

    /// <summary>Inside mask and byte offset (0 when outside) for one vector of pixels; advances the coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Offsets(ref VI xx, ref VI yy, VI stepX, VI stepY, VU width, VU height, VI stride, ref int offsets)
    {
        VI xin = Vec.ShiftRightArithmetic(xx, 16);
        VI yin = Vec.ShiftRightArithmetic(yy, 16);
        VI ok = (Vec.LessThan(xin.AsUInt32(), width) & Vec.LessThan(yin.AsUInt32(), height)).AsInt32();
        ((yin * stride) + xin & ok).StoreUnsafe(ref offsets);
        xx += stepX;
        yy += stepY;
        return ok;
    }

    /// <summary>True when the first <paramref name="count"/> bytes of the mask are set (the chunk's last, partial block).</summary>
    private static bool AllInsideUpTo(VB mask, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (mask.GetElement(i) == 0)
            {
                return false;
            }
        }

        return true;
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Bilinear(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, byte fill)
    {
        Span<int> offsets = stackalloc int[Chunk];
        Span<int> weights = stackalloc int[Chunk];
        Span<int> quads = stackalloc int[Chunk];
        Span<byte> inside = stackalloc byte[Chunk];
        Span<byte> pixels = stackalloc byte[Chunk];
        ref byte s = ref src.DangerousGetReference();
        ref int off = ref offsets[0];
        ref int wts = ref weights[0];
        ref int quad = ref quads[0];
        ref byte ins = ref inside[0];
        ref byte px = ref pixels[0];
        int stride = (int)ImageLayout.Stride(src);
        var geo = new BilinearGeometry(m, src.Width, src.Height, stride);
        VB fillV = Vec.Create(fill);

        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            double yc = y + 0.5;
            VD rowX = Vec.Create(m.B * yc);
            VD rowY = Vec.Create(m.E * yc);
            for (int x0 = 0; x0 < row.Length; x0 += Chunk)
            {
                int n = Math.Min(Chunk, row.Length - x0);
                for (int i = 0; i < n; i += Block)
                {
                    VI ok0 = geo.Taps(x0 + i, rowX, rowY, ref Unsafe.Add(ref off, i), ref Unsafe.Add(ref wts, i));
                    VI ok1 = geo.Taps(x0 + i + VI.Count, rowX, rowY, ref Unsafe.Add(ref off, i + VI.Count), ref Unsafe.Add(ref wts, i + VI.Count));
                    VI ok2 = geo.Taps(x0 + i + (2 * VI.Count), rowX, rowY, ref Unsafe.Add(ref off, i + (2 * VI.Count)), ref Unsafe.Add(ref wts, i + (2 * VI.Count)));
                    VI ok3 = geo.Taps(x0 + i + (3 * VI.Count), rowX, rowY, ref Unsafe.Add(ref off, i + (3 * VI.Count)), ref Unsafe.Add(ref wts, i + (3 * VI.Count)));
                    Vec.Narrow(Vec.Narrow(ok0, ok1), Vec.Narrow(ok2, ok3)).AsByte().StoreUnsafe(ref ins, (nuint)i);
                }

                for (int i = 0; i < n; i++)
                {
                    ref byte p = ref Unsafe.Add(ref s, Unsafe.Add(ref off, i));
                    Unsafe.Add(ref quad, i) = Unsafe.ReadUnaligned<ushort>(ref p) | (Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref p, stride)) << 16);
                }

                for (int i = 0; i < n; i += Block)
                {
                    VI v0 = Blend(Vec.LoadUnsafe(ref quad, (nuint)i), Vec.LoadUnsafe(ref wts, (nuint)i));
                    VI v1 = Blend(Vec.LoadUnsafe(ref quad, (nuint)(i + VI.Count)), Vec.LoadUnsafe(ref wts, (nuint)(i + VI.Count)));
                    VI v2 = Blend(Vec.LoadUnsafe(ref quad, (nuint)(i + (2 * VI.Count))), Vec.LoadUnsafe(ref wts, (nuint)(i + (2 * VI.Count))));
                    VI v3 = Blend(Vec.LoadUnsafe(ref quad, (nuint)(i + (3 * VI.Count))), Vec.LoadUnsafe(ref wts, (nuint)(i + (3 * VI.Count))));
                    VB v = Vec.Narrow(Vec.Narrow(v0, v1).AsUInt16(), Vec.Narrow(v2, v3).AsUInt16());
                    Vec.ConditionalSelect(Vec.LoadUnsafe(ref ins, (nuint)i), v, fillV).StoreUnsafe(ref px, (nuint)i);
                }

                pixels[..n].CopyTo(row[x0..]);
            }
        }
    }

    /// <summary>
    /// <see cref="AffineScalar.Blend"/> on packed taps (p00 | p01 &lt;&lt; 8 | p10 &lt;&lt; 16 | p11 &lt;&lt; 24) and packed
    /// weights (fx | fy &lt;&lt; 16): same integer formula, so bit-identical.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Blend(VI q, VI w)
    {
        const int bits = AffineScalar.WeightBits;
        VI b = Vec.Create(255);
        VI p00 = q & b;
        VI p01 = Vec.ShiftRightLogical(q, 8) & b;
        VI p10 = Vec.ShiftRightLogical(q, 16) & b;
        VI p11 = Vec.ShiftRightLogical(q, 24);
        VI fx = w & Vec.Create(0xFFFF);
        VI fy = Vec.ShiftRightLogical(w, 16);
        VI top = Vec.ShiftLeft(p00, bits) + ((p01 - p00) * fx);
        VI bottom = Vec.ShiftLeft(p10, bits) + ((p11 - p10) * fx);
        return Vec.ShiftRightArithmetic(Vec.ShiftLeft(top, bits) + ((bottom - top) * fy), 2 * bits);
    }

    /// <summary>The map and source bounds for the bilinear taps, kept in vectors for the whole call.</summary>
    private readonly struct BilinearGeometry(in AffineMatrix m, int width, int height, int stride)
    {
        // Adding 2^52 + 2^51 puts an integer-valued double's two's-complement low 32 bits in the low mantissa bits:
        // an exact double-to-int32 conversion that every vector width accelerates.
        private static readonly VD Magic = Vec.Create(6755399441055744.0);
        private static readonly VD Fixed = Vec.Create(65536.0);
        private readonly VD a = Vec.Create(m.A);
        private readonly VD c = Vec.Create(m.C);
        private readonly VD d = Vec.Create(m.D);
        private readonly VD f = Vec.Create(m.F);
        // Sample points are clamped to a range that keeps outside points outside and fits int32 in 16.16.
        private readonly VD lowX = Vec.Create(-65536.0);
        private readonly VD highX = Vec.Create((width + 1) * 65536.0);
        private readonly VD highY = Vec.Create((height + 1) * 65536.0);
        private readonly VD centres = Vec.Create(0.5) + Vector512<double>.Indices;
        private readonly VU widthLimit = Vec.Create((uint)width << 16);
        private readonly VU heightLimit = Vec.Create((uint)height << 16);
        private readonly VI maxBaseX = Vec.Create(width - 2);
        private readonly VI maxBaseY = Vec.Create(height - 2);
        private readonly VI stride = Vec.Create(stride);

        /// <summary>
        /// For VI.Count pixels starting at column x: the offset of the top-left tap of a 2x2 pair that always lies
        /// inside the source, and weights in [0, 2048] that reproduce Pillow's clamping (an edge tap gets it all).
        /// Pillow's double sample point is floored to 16.16 (exact: a power-of-two scale), which decides inside,
        /// taps and floor(frac * 2048) exactly as <see cref="AffineScalar.Bilinear"/> does in doubles.
        /// Returns the inside mask.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VI Taps(int x, VD rowX, VD rowY, ref int offsets, ref int weights)
        {
            VD xcLo = Vec.Create((double)x) + centres;
            VD xcHi = Vec.Create((double)(x + VD.Count)) + centres;
            // Pillow's affine_transform: a0 * x + a1 * y + a2, in that order.
            VI xx = ToInt32(FixedPoint((a * xcLo) + rowX + c, highX), FixedPoint((a * xcHi) + rowX + c, highX));
            VI yy = ToInt32(FixedPoint((d * xcLo) + rowY + f, highY), FixedPoint((d * xcHi) + rowY + f, highY));
            VI ok = (Vec.LessThan(xx.AsUInt32(), widthLimit) & Vec.LessThan(yy.AsUInt32(), heightLimit)).AsInt32();
            VI half = Vec.Create(32768);
            VI xs = xx - half;
            VI ys = yy - half;
            VI bx = Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(xs, 16), VI.Zero), maxBaseX);
            VI by = Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(ys, 16), VI.Zero), maxBaseY);
            VI full = Vec.Create(1 << AffineScalar.WeightBits);
            VI fx = Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(xs - Vec.ShiftLeft(bx, 16), 16 - AffineScalar.WeightBits), VI.Zero), full);
            VI fy = Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(ys - Vec.ShiftLeft(by, 16), 16 - AffineScalar.WeightBits), VI.Zero), full);
            ((by * stride) + bx).StoreUnsafe(ref offsets);
            (fx | Vec.ShiftLeft(fy, 16)).StoreUnsafe(ref weights);
            return ok;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private VD FixedPoint(VD v, VD high)
        {
            // Products that overflow to +inf and -inf sum to NaN, which Pillow's inside test rejects: send NaN below
            // the source explicitly (native min/max would pass it on or drop it depending on the platform).
            VD scaled = v * Fixed;
            scaled = Vec.ConditionalSelect(Vec.Equals(scaled, scaled), scaled, lowX);
            return Vec.Floor(Vec.MinNative(Vec.MaxNative(scaled, lowX), high));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VI ToInt32(VD lo, VD hi) => Vec.Narrow((lo + Magic).AsInt64(), (hi + Magic).AsInt64());
    }
}
