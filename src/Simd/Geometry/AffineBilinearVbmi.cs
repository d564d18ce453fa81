using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VD = System.Runtime.Intrinsics.Vector512<double>;
using VI = System.Runtime.Intrinsics.Vector512<int>;
using VS = System.Runtime.Intrinsics.Vector512<short>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Bilinear warp with AVX-512 VBMI. A source row of up to 128 pixels is one or two permute tables; a wider row is read
/// as a 64-byte window per tile, placed at the tile's leftmost tap. The 64 outputs of a register are a tile of
/// 64/TH columns by TH rows, TH chosen per call so that the tile's 2x2 taps cross the fewest source rows (a wide tile
/// for near-horizontal maps, a squarish one for rotations); every crossed row is permuted twice (left and right taps)
/// with <c>vpermi2b</c> and blended into the top or bottom tap registers; no per-pixel loads. Rows of at most 32
/// pixels (28x28 digits) go four to a permute table (<see cref="VbmiTapRows.TakeQuad"/>). Taps and weights are
/// computed exactly as in the other paths (Pillow's double sample point floored to 16.16), so the output is
/// bit-identical to <see cref="AffineScalar"/>.
/// </summary>
internal static class AffineBilinearVbmi
{
    private const int MaxRowsPerBlock = 24;
    private const int MaxWidth = 128;

    /// <summary>Rows at most this wide fit a 32-byte window: four of them make one permute table.</summary>
    private const int Window = 32;

    /// <summary>
    /// Wider rows are read as one 64-byte window per tile, placed at the tile's leftmost tap: a tile shape applies when
    /// its taps span at most this many columns (the floor of the tap column moves by the map's spread over the tile
    /// plus one).
    /// </summary>
    private const double WindowSpan = 62;

    /// <summary>
    /// A tile's work apart from its crossed rows (coordinates, weights, blend, store), in crossed rows: about 200
    /// instructions against about 6 a row with two-row tables.
    /// </summary>
    private const double TileCost = 32;

    /// <summary>The per-column products live on the stack: 8 KiB at this width; wider destinations go in strips.</summary>
    private const int MaxDestinationWidth = 512;

    /// <summary>Bound entries per tile row: two per tile of at least 8 columns, in whole vectors of four tiles.</summary>
    private const int BoundEntries = 2 * (MaxDestinationWidth / 8);

    /// <summary>
    /// The tile height for <see cref="Run"/> (see <see cref="TileHeight(int, int, in AffineMatrix, bool)"/>), or 0 when
    /// this engine does not apply. It applies with VBMI, at least 2 columns and 2 rows, a tile shape that crosses few
    /// enough source rows (and, on rows wider than 128, whose taps fit a 64-byte window), and coefficients in the range
    /// where scaling them by 2^16 is exact (see <see cref="Geometry"/>).
    /// </summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m) =>
        Avx512Vbmi.IsSupported && Avx512DQ.IsSupported && src.Width >= 2 && src.Height is >= 2 and < 32767 &&
        ScalesExactly(m.A) && ScalesExactly(m.B) && ScalesExactly(m.C) && ScalesExactly(m.D) && ScalesExactly(m.E) && ScalesExactly(m.F)
            ? TileHeight(dst.Width, dst.Height, m, windowed: src.Width > MaxWidth)
            : 0;

    /// <summary>
    /// The tile height (1, 2, 4 or 8) of least estimated work, or 0 when every shape crosses more than
    /// <see cref="MaxRowsPerBlock"/> source rows. A shape's rows are the base row's spread over the tile, plus the
    /// bottom taps, the floor, and one row's worth for a multi-row tile's extra broadcasts and split stores; that also
    /// bounds the crossed rows from above, which keeps each lane's relative row in a byte. Its work is its tile count
    /// times (<see cref="TileCost"/> + rows): equal counts (any 64-wide destination) leave the rows to decide, and on
    /// narrower destinations the count decides.
    /// </summary>
    internal static int TileHeight(int dstWidth, int dstHeight, in AffineMatrix m, bool windowed = false)
    {
        int best = 0;
        double bestWork = double.MaxValue;
        for (int th = 1; th <= 8; th *= 2)
        {
            int tw = VB.Count / th;
            if (th > 1 && (dstWidth < tw || dstHeight < th))
            {
                continue;
            }

            if (windowed && (Math.Abs(m.A) * (tw - 1)) + (Math.Abs(m.B) * (th - 1)) + 2 > WindowSpan)
            {
                continue;
            }

            double rows = (Math.Abs(m.D) * (tw - 1)) + (Math.Abs(m.E) * (th - 1)) + 3 + (th > 1 ? 1 : 0);
            double work = Tiles(dstWidth, tw, dstHeight, th) * (TileCost + rows);
            if (rows < MaxRowsPerBlock + 0.5 && work < bestWork)
            {
                bestWork = work;
                best = th;
            }
        }

        return best;
    }

    /// <summary>The tiles of the loops: whole ones, plus one shifted back to the end on each axis that needs it.</summary>
    private static long Tiles(int dstWidth, int tw, int dstHeight, int th) => (long)((dstWidth + tw - 1) / tw) * ((dstHeight + th - 1) / th);

    // Zero, or far from both overflow and the subnormal range, so that every product and sum of the sample point
    // is a normal double both with and without the 2^16 factor (then the factor commutes with each rounding).
    internal static bool ScalesExactly(double v) => v == 0 || (Math.Abs(v) >= 1e-250 && Math.Abs(v) <= 1e12);

    /// <summary>Runs the engine with tiles <paramref name="th"/> rows high, as <see cref="TileHeight(ReadOnlySpan2D{byte}, Span2D{byte}, in AffineMatrix)"/> chose.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, int th, byte fill)
    {
        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            bool inRange = Geometry.StaysInInt32(m, dst.Width, dst.Height);
            // Destinations wider than the per-column products on the stack go in column strips; the products, tile
            // bounds and windows keep the absolute column.
            int strips = ColumnStrips.Count(dst.Width, MaxDestinationWidth);
            for (int k = 0; k < strips; k++)
            {
                Span2D<byte> strip = ColumnStrips.Get(dst, strips, k, out int start);
                if (inRange)
                {
                    Run<InRange>(srcBase, src, strip, m, th, fill, start);
                }
                else
                {
                    Run<Saturating>(srcBase, src, strip, m, th, fill, start);
                }
            }
        }
    }

    /// <summary>
    /// Picks how rows are read and tabled: 64-pixel rows whole, two per table; rows of at most
    /// <see cref="Window"/> pixels (28x28 digits) four per table, read whole under the row mask; other widths up to
    /// 128 two per table (or one row of two registers), masked; wider rows as a 64-byte window per tile, two per table.
    /// </summary>
    private static unsafe void Run<TFloor>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, int th, byte fill, int xOffset)
        where TFloor : struct, IFloor
    {
        if (src.Width > MaxWidth)
        {
            Tiles<TFloor, WholeRow, TwoRowTables, SlidingWindow>(srcBase, src, dst, m, th, fill, xOffset);
        }
        else if (src.Width == VB.Count)
        {
            Tiles<TFloor, WholeRow, TwoRowTables, RowStart>(srcBase, src, dst, m, th, fill, xOffset);
        }
        else if (src.Width <= Window)
        {
            Tiles<TFloor, MaskedRow, FourRowTables, RowStart>(srcBase, src, dst, m, th, fill, xOffset);
        }
        else
        {
            Tiles<TFloor, MaskedRow, TwoRowTables, RowStart>(srcBase, src, dst, m, th, fill, xOffset);
        }
    }

    /// <summary>
    /// Makes the tile height a type argument (<see cref="IStaticInt"/>): the tile's row terms unroll, the lanes' row
    /// and column offsets fold to constants and the tile store's switch goes away.
    /// </summary>
    private static unsafe void Tiles<TFloor, TRows, TTables, TWindow>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, int th, byte fill, int xOffset)
        where TFloor : struct, IFloor
        where TRows : struct, IRowAccess
        where TTables : struct, IVbmiTapTables
        where TWindow : struct, IColumnWindow
    {
        switch (th)
        {
            case 1:
                Run<TFloor, TRows, TTables, TWindow, Int1>(srcBase, src, dst, m, fill, xOffset);
                break;
            case 2:
                Run<TFloor, TRows, TTables, TWindow, Int2>(srcBase, src, dst, m, fill, xOffset);
                break;
            case 4:
                Run<TFloor, TRows, TTables, TWindow, Int4>(srcBase, src, dst, m, fill, xOffset);
                break;
            default:
                Run<TFloor, TRows, TTables, TWindow, Int8>(srcBase, src, dst, m, fill, xOffset);
                break;
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run<TFloor, TRows, TTables, TWindow, TTile>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, in AffineMatrix m, byte fill, int xOffset)
        where TFloor : struct, IFloor
        where TRows : struct, IRowAccess
        where TTables : struct, IVbmiTapTables
        where TWindow : struct, IColumnWindow
        where TTile : struct, IStaticInt
    {
        int th = TTile.Value;
        int w = src.Width;
        int h = src.Height;
        // Rows are read in place (TRows: plain loads of 64-pixel rows, fault-suppressing masked loads of shorter ones):
        // nothing past a row is touched, no copy.
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(src.Width, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(src.Width - VB.Count, 0)));
        bool twoRegisters = TRows.TwoRegisters(src.Width);
        nint srcStride = ImageLayout.Stride(src);
        Span<byte> pixels = stackalloc byte[VB.Count];
        // Per tile row r: the scaled b * (y + r + 0.5) and e * (y + r + 0.5) that every lane of that row adds.
        Span<double> rowTerms = stackalloc double[16];
        ref double rowX = ref rowTerms[0];
        ref double rowY = ref rowTerms[8];
        int tw = VB.Count / th;
        var geo = new Geometry(m, w, h, tw);
        // The same bounds along the rows, for the windows of wide rows: the lowest left tap column of each tile.
        Geometry across = TWindow.Windowed ? new Geometry(new AffineMatrix(m.D, m.E, m.F, m.A, m.B, m.C), h, w, tw) : default;
        // a * (x + 0.5) and d * (x + 0.5) per output column (scaled), the same products the lanes would form, made
        // once per call instead of per tile; entries past the width only feed lanes that are never stored.
        Span<double> columnTerms = stackalloc double[2 * MaxDestinationWidth];
        ref double colX = ref columnTerms[0];
        ref double colY = ref columnTerms[MaxDestinationWidth];
        // Eight at a time (i + 0.5 is exact either way, so each product rounds as the scalar one would): the scalar
        // loop was a tenth of a 28x28 warp.
        VD scaledA = Vec.Create(geo.ScaledA), scaledD = Vec.Create(geo.ScaledD), centres = VD.Indices + Vec.Create(0.5);
        for (int i = 0; i < Math.Max(dst.Width, VB.Count); i += VD.Count)
        {
            VD xc = Vec.Create((double)(xOffset + i)) + centres;
            (scaledA * xc).StoreUnsafe(ref colX, (nuint)i);
            (scaledD * xc).StoreUnsafe(ref colY, (nuint)i);
        }

        // Each tile's lowest and highest base row, in the even entries (see Geometry.TileRowBounds).
        Span<long> bounds = stackalloc long[2 * BoundEntries];
        ref long lows = ref bounds[0];
        ref long highs = ref bounds[BoundEntries];
        Span<long> columnBounds = stackalloc long[TWindow.Windowed ? 2 * BoundEntries : 0];
        ref long leftmost = ref MemoryMarshal.GetReference(columnBounds);
        ref long rightmost = ref Unsafe.Add(ref leftmost, BoundEntries);
        VB fillV = Vec.Create(fill);
        var narrow = new VbmiNarrow();
        VB one = Vec.Create((byte)1);
        VB lastColumn = Vec.Create((byte)(w - 1));
        var order = new UnpackOrder();
        ref byte d0 = ref dst.DangerousGetReference();
        nint dstride = ImageLayout.Stride(dst);

        for (int y0 = 0; y0 < dst.Height; y0 += th)
        {
            // The last tile row overlaps the previous one; recomputed pixels come out the same.
            int y = Math.Min(y0, dst.Height - th);
            for (int r = 0; r < th; r++)
            {
                double yc = y + r + 0.5;
                Unsafe.Add(ref rowX, r) = geo.ScaledB * yc;
                Unsafe.Add(ref rowY, r) = geo.ScaledE * yc;
            }

            geo.TileRowBounds(dst.Width, rowY, Unsafe.Add(ref rowY, th - 1), ref lows, ref highs, xOffset);
            if (TWindow.Windowed)
            {
                across.TileRowBounds(dst.Width, rowX, Unsafe.Add(ref rowX, th - 1), ref leftmost, ref rightmost, xOffset);
            }

            for (int x0 = 0, tile = 0; x0 < dst.Width; x0 += tw, tile += 2)
            {
                int x = dst.Width >= tw ? Math.Min(x0, dst.Width - tw) : 0;
                int n = Math.Min(tw, dst.Width);
                int bymin = (int)Unsafe.Add(ref lows, tile);
                int bymax = (int)Unsafe.Add(ref highs, tile);
                VI minV = Vec.Create(bymin);

                geo.Taps<TFloor, TTile>(x, 0, ref colX, ref colY, ref rowX, ref rowY, minV, out VI col0, out VI by0, out VI fx0, out VI fy0);
                geo.Taps<TFloor, TTile>(x, 2, ref colX, ref colY, ref rowX, ref rowY, minV, out VI col1, out VI by1, out VI fx1, out VI fy1);
                geo.Taps<TFloor, TTile>(x, 4, ref colX, ref colY, ref rowX, ref rowY, minV, out VI col2, out VI by2, out VI fx2, out VI fy2);
                geo.Taps<TFloor, TTile>(x, 6, ref colX, ref colY, ref rowX, ref rowY, minV, out VI col3, out VI by3, out VI fx3, out VI fy3);
                // Column + 1 per lane, in [0, w] when inside; clamping both taps to the row is Pillow's edge rule.
                // The tap registers hold the lanes in the unpacks' order (see UnpackOrder); every step up to the
                // blend works lane by lane.
                VB shifted = order.Bytes(col0, col1, col2, col3);
                byte* rows = srcBase;
                if (TWindow.Windowed)
                {
                    // The window starts at the tile's leftmost tap (inside the row); TileHeight kept every tap of an
                    // inside lane within 64 columns of it. Byte arithmetic wraps alike on both sides, so the
                    // difference of the low bytes is the relative column.
                    int window = (int)Math.Clamp(Unsafe.Add(ref leftmost, tile), 0, w - VB.Count);
                    rows += window;
                    shifted -= Vec.Create((byte)window);
                    lastColumn = Vec.Create((byte)Math.Min(w - 1 - window, byte.MaxValue));
                }

                VB left = Vec.Max(shifted, one) - one;
                VB right = Vec.Min(shifted, lastColumn);
                VB rel = order.Bytes(by0, by1, by2, by3);

                var taps = new VbmiTapRows(rel, fillV);
                // Relative rows 0 to last; rows -1 and h stand for the edge rows, and the second row of the last pair or
                // the last rows of a quad may lie past the rows any lane needs.
                int last = bymax + 1 - bymin;
                if (TTables.FourRows)
                {
                    // One permute table per four rows halves the permutes and blends of the pairs.
                    VbmiTapRows.QuadIndices(rel, left, right, out VB topLeft, out VB topRight, out VB bottomLeft, out VB bottomRight);
                    taps.TakeQuads<TRows>(srcBase, srcStride, bymin, last, h, maskLo, topLeft, topRight, bottomLeft, bottomRight);
                }
                else if (twoRegisters)
                {
                    taps.TakeRows(srcBase, srcStride, bymin, last, h, maskLo, maskHi, left, right);
                }
                else
                {
                    VbmiTapRows.PairIndices(rel, left, right, out VB topLeft, out VB topRight, out VB bottomLeft, out VB bottomRight);
                    taps.TakePairs<TRows>(rows, srcStride, bymin, last, h, maskLo, topLeft, topRight, bottomLeft, bottomRight);
                }

                var pairs = new TapPairs(taps.P00, taps.P01, taps.P10, taps.P11);
                VB result = narrow.Bytes(pairs.Blend(0, fx0, fy0), pairs.Blend(1, fx1, fy1), pairs.Blend(2, fx2, fy2), pairs.Blend(3, fx3, fy3));
                if (n == tw)
                {
                    FusedAffineVbmi.Store(result, ref Unsafe.Add(ref d0, (y * dstride) + x), dstride, th);
                }
                else
                {
                    // Only a one-row tile can be narrower than the destination's row.
                    result.StoreUnsafe(ref pixels[0]);
                    pixels[..n].CopyTo(dst.GetRowSpan(y));
                }
            }
        }
    }

    /// <summary>
    /// The order in which the tap registers hold a tile's lanes, chosen so that byte unpacks alone widen them: byte
    /// p = 16L + 4g + d (128-bit lane L, dword group g, d &lt; 4) holds lane 16g + 4L + d. Unpacking (left, right)
    /// bytes, then those words with zero, yields dwords (left, right) of lanes 16g .. 16g + 15 in order in the g-th
    /// result, which is the order of the weights; single-uop unpacks instead of two-register permutes and masks.
    /// </summary>
    private readonly struct UnpackOrder
    {
        // For both register pairs: byte 16L + 4g + d takes byte 0 of dword 4L + d of the pair's (g &amp; 1)-th register.
        private readonly VB index;

        // Bytes of groups 2 and 3, which come from the second pair.
        private readonly VB upperGroups;

        public UnpackOrder()
        {
            VB p = VB.Indices;
            VB lane = Vec.ShiftRightLogical(p.AsUInt16(), 4).AsByte() & Vec.Create((byte)3);
            VB group = Vec.ShiftRightLogical(p.AsUInt16(), 2).AsByte() & Vec.Create((byte)3);
            index = ((group & Vec.Create((byte)1)) * (byte)64) + (lane * (byte)16) + ((p & Vec.Create((byte)3)) * (byte)4);
            upperGroups = Vec.Equals(group & Vec.Create((byte)2), Vec.Create((byte)2));
        }

        /// <summary>The low byte of each int32 lane of a, b, c, d (lanes 0-15, ..., 48-63), in unpack order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VB Bytes(VI a, VI b, VI c, VI d) => Avx512BW.BlendVariable(
            Avx512Vbmi.PermuteVar64x8x2(a.AsByte(), index, b.AsByte()),
            Avx512Vbmi.PermuteVar64x8x2(c.AsByte(), index, d.AsByte()),
            upperGroups);
    }

    /// <summary>
    /// The four taps of 64 lanes (in <see cref="UnpackOrder"/>), blended 16 lanes at a time. The unpacks lay out each
    /// lane's pair as two zero-extended words, so one <c>vpmaddwd</c> against (2048 - fx, fx) gives
    /// p00 * (2048 - fx) + p01 * fx, the very integer <see cref="AffineScalar.Blend"/> forms as
    /// (p00 &lt;&lt; 11) + (p01 - p00) * fx; no widening chain.
    /// </summary>
    private readonly ref struct TapPairs(VB p00, VB p01, VB p10, VB p11)
    {
        private readonly VB topLow = Avx512BW.UnpackLow(p00, p01), topHigh = Avx512BW.UnpackHigh(p00, p01);
        private readonly VB bottomLow = Avx512BW.UnpackLow(p10, p11), bottomHigh = Avx512BW.UnpackHigh(p10, p11);

        /// <summary>Lanes 16g .. 16g + 15; g is a constant at every call.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VI Blend(int g, VI fx, VI fy)
        {
            const int bits = AffineScalar.WeightBits;
            VS top = Pairs(g < 2 ? topLow : topHigh, g).AsInt16();
            VS bottom = Pairs(g < 2 ? bottomLow : bottomHigh, g).AsInt16();
            VS weights = (Vec.Create(1 << bits) - fx | Vec.ShiftLeft(fx, 16)).AsInt16();
            VI t = Avx512BW.MultiplyAddAdjacent(top, weights);
            VI b = Avx512BW.MultiplyAddAdjacent(bottom, weights);
            return Vec.ShiftRightArithmetic(Vec.ShiftLeft(t, bits) + ((b - t) * fy), 2 * bits);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static VB Pairs(VB words, int g) => (g & 1) == 0 ? Avx512BW.UnpackLow(words, VB.Zero) : Avx512BW.UnpackHigh(words, VB.Zero);
    }

    /// <summary>How the lanes' scaled sample points become 16.16 integers, 16 lanes from two double vectors.</summary>
    internal interface IFloor
    {
        static abstract VI Floor(VD lo, VD hi);
    }

    /// <summary>
    /// Any map: <c>vcvtpd2dq</c> rounding down saturates a point past int32 to int.MinValue, which the inside test
    /// rejects. Two narrowing conversions and an insert, three shuffle uops on Intel.
    /// </summary>
    private readonly struct Saturating : IFloor
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static VI Floor(VD lo, VD hi) => Avx512F.InsertVector256(
            Avx512F.ConvertToVector256Int32(lo, FloatRoundingMode.ToNegativeInfinity).ToVector512Unsafe(),
            Avx512F.ConvertToVector256Int32(hi, FloatRoundingMode.ToNegativeInfinity),
            1);
    }

    /// <summary>
    /// Maps whose every output pixel floors into int32 (<see cref="Geometry.StaysInInt32"/>): the 64-bit conversion
    /// (one uop, no shuffle) and one dword permute of the low halves give the same integers with one shuffle uop.
    /// </summary>
    private readonly struct InRange : IFloor
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static VI Floor(VD lo, VD hi) => Avx512F.PermuteVar16x32x2(
            Avx512DQ.ConvertToVector512Int64(lo, FloatRoundingMode.ToNegativeInfinity).AsInt32(),
            Vec.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30),
            Avx512DQ.ConvertToVector512Int64(hi, FloatRoundingMode.ToNegativeInfinity).AsInt32());
    }

    /// <summary>
    /// The taps of the generic vector paths (same sample points, same blend), returned in registers, from the map scaled by 2^16: with every
    /// coefficient in the <see cref="ScalesExactly"/> range, 2^16 * ((a * x + b * y) + c) rounds to exactly 2^16 times
    /// Pillow's double sample point, so one conversion rounding toward negative infinity yields the 16.16 floor (an
    /// <see cref="IFloor"/>). Out of int32 range the saturating one yields int.MinValue, which the unsigned inside test
    /// rejects like any other outside point; the other runs only where no point leaves int32.
    /// </summary>
    internal readonly struct Geometry(in AffineMatrix m, int width, int height, int tileWidth)
    {
        private readonly int columnMask = tileWidth - 1;
        private readonly int rowShift = System.Numerics.BitOperations.Log2((uint)tileWidth);
        private readonly double fs = m.F * 65536.0;
        private const long Far = 1L << 48;
        private readonly long maxBaseYs = height - 1;
        private readonly VD c = Vec.Create(m.C * 65536.0);
        private readonly VD f = Vec.Create(m.F * 65536.0);
        private readonly Vector512<uint> widthLimit = Vec.Create((uint)width << 16);
        private readonly Vector512<uint> heightLimit = Vec.Create((uint)height << 16);

        public double ScaledA { get; } = m.A * 65536.0;

        public double ScaledB { get; } = m.B * 65536.0;

        public double ScaledD { get; } = m.D * 65536.0;

        public double ScaledE { get; } = m.E * 65536.0;

        /// <summary>
        /// The clamped base row of output column x in the tile row whose scaled e * y term is rowY: the scalar form of
        /// <see cref="TileRowBounds"/>, which the tests hold to it.
        /// </summary>
        public int BaseRow(int x, double rowY)
        {
            // The lanes' own scaled expression and floor. The conversion saturates far outside, and the first clamp
            // keeps the subtraction from wrapping there; min and max rather than Math.Clamp: no branches.
            long yy = Math.Min(Math.Max((long)Math.Floor(((ScaledD * (x + 0.5)) + rowY) + fs), -Far), Far);
            return (int)Math.Min(Math.Max((yy - 32768) >> 16, -1), maxBaseYs);
        }

        /// <summary>
        /// True when the scaled sample point of every output pixel floors into int32. The lanes form it as
        /// (a' * (x + 0.5) + b' * (y + 0.5)) + c' with each rounding monotonic in each term, so over the destination
        /// its extremes are at the four corner pixels.
        /// </summary>
        public static bool StaysInInt32(in AffineMatrix m, int dstWidth, int dstHeight)
        {
            double a = m.A * 65536.0, b = m.B * 65536.0, c = m.C * 65536.0, d = m.D * 65536.0, e = m.E * 65536.0, f = m.F * 65536.0;
            double x0 = 0.5, x1 = dstWidth - 0.5, y0 = 0.5, y1 = dstHeight - 0.5;
            return Fits((a * x0) + (b * y0) + c) && Fits((a * x1) + (b * y0) + c) && Fits((a * x0) + (b * y1) + c) && Fits((a * x1) + (b * y1) + c) &&
                Fits((d * x0) + (e * y0) + f) && Fits((d * x1) + (e * y0) + f) && Fits((d * x0) + (e * y1) + f) && Fits((d * x1) + (e * y1) + f);

            static bool Fits(double v) => v >= int.MinValue && v < 2147483648.0;
        }

        /// <summary>
        /// The lowest and highest <see cref="BaseRow"/> over each tile of a tile row, into entry 2k of
        /// <paramref name="lows"/> and <paramref name="highs"/> for tile k (the loop's tiles, the last one shifted left to
        /// end at the row's end). The base row is monotonic in both directions over a tile, so its four corners bound
        /// it; they are evaluated four tiles per vector, with BaseRow's own expression: the clamp to +-Far is taken
        /// before the floor, which commutes with it at integers, because the vector conversion does not saturate. In a
        /// column strip the tiles' columns count from <paramref name="xOffset"/>, the strip's first column.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void TileRowBounds(int dstWidth, double firstYs, double lastYs, ref long lows, ref long highs, int xOffset = 0)
        {
            int tw = columnMask + 1;
            long lastX = dstWidth >= tw ? dstWidth - tw : 0;
            // Lanes 2j and 2j + 1 are the first and last column of tile j of the vector.
            Vector512<long> tileOfLane = Vec.ShiftRightLogical(Vector512<long>.Indices, 1);
            Vector512<long> cornerOffset = ((Vector512<long>.Indices & Vec.Create(1L)) * Math.Min(tw - 1, dstWidth - 1)) + Vec.Create((long)xOffset);
            VD first = Vec.Create(firstYs), last = Vec.Create(lastYs), f = Vec.Create(fs), d = Vec.Create(ScaledD);
            VD far = Vec.Create((double)Far);
            Vector512<long> lowest = Vec.Create(-1L), highest = Vec.Create(maxBaseYs);
            // k counts tiles (tw is a power of two: shifts, not divisions).
            for (int k = 0; k << rowShift < dstWidth; k += 4)
            {
                Vector512<long> x = Vec.Min(Vec.ShiftLeft(tileOfLane + Vec.Create((long)k), rowShift), Vec.Create(lastX)) + cornerOffset;
                VD dx = d * (Vec.ConvertToDouble(x) + Vec.Create(0.5));
                Vector512<long> top = Row((dx + first) + f, far, lowest, highest);
                Vector512<long> bottom = Row((dx + last) + f, far, lowest, highest);
                Vector512<long> lo = Vec.Min(top, bottom), hi = Vec.Max(top, bottom);
                // Lane 2j meets lane 2j + 1: the tile's two columns.
                Vec.Min(lo, Avx512F.Permute4x64(lo, 0b10_11_00_01)).StoreUnsafe(ref lows, (nuint)(2 * k));
                Vec.Max(hi, Avx512F.Permute4x64(hi, 0b10_11_00_01)).StoreUnsafe(ref highs, (nuint)(2 * k));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<long> Row(VD yy, VD far, Vector512<long> lowest, Vector512<long> highest)
        {
            // vmaxpd and vminpd: yy is never NaN (finite coefficients in the ScalesExactly range), so the IEEE
            // minimum and maximum of Vector512.Min and Max, four more instructions each, would give the same.
            Vector512<long> floor = Avx512DQ.ConvertToVector512Int64(Avx512F.Min(Avx512F.Max(yy, -far), far), FloatRoundingMode.ToNegativeInfinity);
            return Vec.Min(Vec.Max(Vec.ShiftRightArithmetic(floor - Vec.Create(32768L), 16), lowest), highest);
        }

        /// <summary>
        /// Taps of the 16 lanes in double vectors <paramref name="first"/> and first + 1 of the tile at column x: a
        /// double vector (8 lanes) never spans two tile rows, so each adds one row's terms.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Taps<TFloor, TTile>(int x, int first, ref double colX, ref double colY, ref double rowX, ref double rowY, VI minRow, out VI column, out VI relRow, out VI fx, out VI fy)
            where TFloor : struct, IFloor
            where TTile : struct, IStaticInt
        {
            // first and the tile width are constants at every call: so are the rows and column offsets.
            int tw = VB.Count / TTile.Value;
            int lo = first * VD.Count, hi = lo + VD.Count;
            int rLo = lo / tw, rHi = hi / tw;
            nuint cLo = (nuint)(x + (lo % tw)), cHi = (nuint)(x + (hi % tw));
            VI xx = TFloor.Floor((Vec.LoadUnsafe(ref colX, cLo) + Vec.Create(Unsafe.Add(ref rowX, rLo))) + c, (Vec.LoadUnsafe(ref colX, cHi) + Vec.Create(Unsafe.Add(ref rowX, rHi))) + c);
            VI yy = TFloor.Floor((Vec.LoadUnsafe(ref colY, cLo) + Vec.Create(Unsafe.Add(ref rowY, rLo))) + f, (Vec.LoadUnsafe(ref colY, cHi) + Vec.Create(Unsafe.Add(ref rowY, rHi))) + f);
            VI ok = (Vec.LessThan(xx.AsUInt32(), widthLimit) & Vec.LessThan(yy.AsUInt32(), heightLimit)).AsInt32();
            VI half = Vec.Create(32768);
            // Columns take Pillow's own edge rule: the taps are clamp(t) and clamp(t + 1) for t = floor(x - 0.5), and
            // the weight is the fraction, so the narrowed t + 1 is all a lane needs. (x - 0.5) and (x + 0.5) share
            // their 16 fraction bits.
            VI xs = xx + half;
            column = Vec.ShiftRightArithmetic(xs, 16);
            fx = Vec.ShiftRightLogical(xs, 16 - AffineScalar.WeightBits) & Vec.Create((1 << AffineScalar.WeightBits) - 1);
            // Rows take the same rule as columns: an inside lane's top row t = floor(y - 0.5) is in [-1, h - 1], the
            // loop reads rows -1 and h as the edge rows, and the fraction is the weight. The scalar twin clamps t to
            // [0, h - 2] and the weight to 0 or 2048 instead; at both edges that blends one row with itself, the same
            // integers. Here every lane's bottom row is its top row + 1 with no clamp.
            VI ys = yy - half;
            VI by = Vec.ShiftRightArithmetic(ys, 16);
            fy = Vec.ShiftRightLogical(ys, 16 - AffineScalar.WeightBits) & Vec.Create((1 << AffineScalar.WeightBits) - 1);
            // Outside lanes get relative row 127, which no crossed row (at most MaxRowsPerBlock) matches as their top or
            // bottom row: their taps keep the fill they start with, and blending four equal taps returns it exactly.
            relRow = Vec.ConditionalSelect(ok, by - minRow, Vec.Create(127));
        }
    }
}
