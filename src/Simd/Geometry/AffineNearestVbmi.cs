using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VI = System.Runtime.Intrinsics.Vector512<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow's fixed-point nearest warp with AVX-512 VBMI, for sources at most 128 pixels wide. A source row of up to
/// 128 bytes is two registers, so <c>vpermi2b</c> looks up 64 output pixels in it at once. A block of 64 outputs
/// needs only the source rows its (linear) row coordinate crosses — few for the small rotations and shears of
/// augmentation — so each block is one permute and one masked blend per crossed row: no gathers, no byte loops.
/// Integer coordinates are the same as <see cref="AffineScalar.NearestFixed"/>, so the result is bit-identical.
/// </summary>
internal static class AffineNearestVbmi
{
    /// <summary>Above this many crossed rows per block, per-pixel loads are cheaper than one permute per row.</summary>
    public const int MaxRowsPerBlock = 20;

    private const int MaxWidth = 128;

    /// <summary>True when this engine applies: VBMI present, narrow source, small enough slope of the row coordinate.</summary>
    public static bool Applies(ReadOnlySpan2D<byte> src, FixedAffine f) =>
        Avx512Vbmi.IsSupported && src.Width <= MaxWidth &&
        ((Math.Abs((long)f.YPerX) * 63) >> 16) + 2 <= MaxRowsPerBlock;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, byte fill)
    {
        int th = TileHeight(dst, f);
        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            if (th > 1)
            {
                Tiles(srcBase, src, dst, f, th, fill);
            }
            else
            {
                Run(srcBase, src, dst, f, fill);
            }
        }
    }

    /// <summary>
    /// The tile height (64/TH columns by TH rows per register) whose taps cross the fewest source rows; 1 means the
    /// row-by-row loop. Steep rotations cross far fewer rows in a squarish tile than along 64 pixels of one row.
    /// </summary>
    private static int TileHeight(Span2D<byte> dst, FixedAffine f)
    {
        int best = 1;
        double bestRows = double.MaxValue;
        for (int th = 1; th <= 8; th *= 2)
        {
            int tw = VB.Count / th;
            if (dst.Width < tw || dst.Height < th)
            {
                continue;
            }

            // A multi-row tile costs about as much as two or three crossed rows more (corner math, split stores).
            double rows = (((Math.Abs((double)f.YPerX) * (tw - 1)) + (Math.Abs((double)f.YPerY) * (th - 1))) / 65536.0) + (th > 1 ? 2.5 : 0);
            if (rows < bestRows)
            {
                bestRows = rows;
                best = th;
            }
        }

        return best;
    }

    /// <summary>
    /// The same lookups on 64-pixel tiles of several output rows. Lane coordinates are the row-loop's wrapping int32
    /// sums regrouped (origin + y * perY + x * perX), so every lane holds the very integer the scalar loop reaches.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tiles(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, int th, byte fill)
    {
        int w = src.Width;
        int h = src.Height;
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(w, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(w - VB.Count, 0)));
        bool twoRegisters = w > VB.Count;
        nint srcStride = ImageLayout.Stride(src);
        int tw = VB.Count / th;
        // Lane i of a tile is output (i % tw, i / tw) relative to the tile origin; tw is a power of two.
        VI laneMask = Vec.Create(tw - 1);
        int laneShift = System.Numerics.BitOperations.Log2((uint)tw);
        VI i0 = VI.Indices, i1 = i0 + Vec.Create(16), i2 = i0 + Vec.Create(32), i3 = i0 + Vec.Create(48);
        VI pxx = Vec.Create(f.XPerX), pxy = Vec.Create(f.XPerY), pyx = Vec.Create(f.YPerX), pyy = Vec.Create(f.YPerY);
        VI ox0 = ((i0 & laneMask) * pxx) + (Vec.ShiftRightLogical(i0, laneShift) * pxy);
        VI ox1 = ((i1 & laneMask) * pxx) + (Vec.ShiftRightLogical(i1, laneShift) * pxy);
        VI ox2 = ((i2 & laneMask) * pxx) + (Vec.ShiftRightLogical(i2, laneShift) * pxy);
        VI ox3 = ((i3 & laneMask) * pxx) + (Vec.ShiftRightLogical(i3, laneShift) * pxy);
        VI oy0 = ((i0 & laneMask) * pyx) + (Vec.ShiftRightLogical(i0, laneShift) * pyy);
        VI oy1 = ((i1 & laneMask) * pyx) + (Vec.ShiftRightLogical(i1, laneShift) * pyy);
        VI oy2 = ((i2 & laneMask) * pyx) + (Vec.ShiftRightLogical(i2, laneShift) * pyy);
        VI oy3 = ((i3 & laneMask) * pyx) + (Vec.ShiftRightLogical(i3, laneShift) * pyy);
        // The inside limits in 16.16; heights past 32767 rows cap at 2^31, which every non-negative int32 is below.
        Vector512<uint> width = Vec.Create((uint)w << 16);
        Vector512<uint> height = Vec.Create((uint)Math.Min(h, 32768) << 16);
        VB fillV = Vec.Create(fill);
        var narrow = new VbmiNarrow();
        ref byte d0 = ref dst.DangerousGetReference();
        nint dstride = ImageLayout.Stride(dst);
        int cornerX = unchecked((tw - 1) * f.YPerX);
        int cornerY = unchecked((th - 1) * f.YPerY);
        VI zero = VI.Zero;

        for (int y0 = 0; y0 < dst.Height; y0 += th)
        {
            int y = Math.Min(y0, dst.Height - th);
            for (int x0 = 0; x0 < dst.Width; x0 += tw)
            {
                int x = Math.Min(x0, dst.Width - tw);
                int bx = unchecked(f.XOrigin + (y * f.XPerY) + (x * f.XPerX));
                int by = unchecked(f.YOrigin + (y * f.YPerY) + (x * f.YPerX));
                // Linear within the tile (Pillow's fixed mode keeps the coordinates far from wrapping): corners bound the rows.
                int c0 = by >> 16, c1 = unchecked(by + cornerX) >> 16, c2 = unchecked(by + cornerY) >> 16, c3 = unchecked(by + cornerX + cornerY) >> 16;
                int ymin = Math.Max(Math.Min(Math.Min(c0, c1), Math.Min(c2, c3)), 0);
                int ymax = Math.Min(Math.Max(Math.Max(c0, c1), Math.Max(c2, c3)), h - 1);
                VI bxV = Vec.Create(bx);
                VI byV = Vec.Create(by);
                VI rowMin = Vec.Create(ymin << 16);
                VI xx0 = bxV + ox0, yy0 = byV + oy0, xx1 = bxV + ox1, yy1 = byV + oy1;
                VI xx2 = bxV + ox2, yy2 = byV + oy2, xx3 = bxV + ox3, yy3 = byV + oy3;
                Quarter(ref xx0, ref yy0, zero, zero, width, height, rowMin, out VI ix0, out VI iy0);
                Quarter(ref xx1, ref yy1, zero, zero, width, height, rowMin, out VI ix1, out VI iy1);
                Quarter(ref xx2, ref yy2, zero, zero, width, height, rowMin, out VI ix2, out VI iy2);
                Quarter(ref xx3, ref yy3, zero, zero, width, height, rowMin, out VI ix3, out VI iy3);
                VB index = narrow.ThirdBytes(ix0, ix1, ix2, ix3);
                VB which = narrow.ThirdBytes(iy0, iy1, iy2, iy3);
                VB acc = Sample(srcBase, srcStride, maskLo, maskHi, twoRegisters, index, which, ymin, ymax, fillV);

                FusedAffineVbmi.Store(acc, ref Unsafe.Add(ref d0, (y * dstride) + x), dstride, th);
            }
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, byte fill)
    {
        int w = src.Width;
        int h = src.Height;
        // Rows are read in place with fault-suppressing masked loads: nothing past a row is touched, no copy.
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(src.Width, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(src.Width - VB.Count, 0)));
        bool twoRegisters = src.Width > VB.Count;
        nint srcStride = ImageLayout.Stride(src);
        Span<byte> pixels = stackalloc byte[VB.Count];
        ref byte px = ref pixels[0];
        VI laneX = VI.Indices * f.XPerX;
        VI laneY = VI.Indices * f.YPerX;
        VI stepX = Vec.Create(unchecked(f.XPerX * VI.Count));
        VI stepY = Vec.Create(unchecked(f.YPerX * VI.Count));
        // The inside limits in 16.16; heights past 32767 rows cap at 2^31, which every non-negative int32 is below.
        Vector512<uint> width = Vec.Create((uint)w << 16);
        Vector512<uint> height = Vec.Create((uint)Math.Min(h, 32768) << 16);
        VB fillV = Vec.Create(fill);
        var narrow = new VbmiNarrow();

        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            int rowX = unchecked(f.XOrigin + (y * f.XPerY));
            int rowY = unchecked(f.YOrigin + (y * f.YPerY));
            for (int x0 = 0; x0 < row.Length; x0 += VB.Count)
            {
                // The last block overlaps the previous one when the row is wider than a register.
                int x = row.Length >= VB.Count ? Math.Min(x0, row.Length - VB.Count) : 0;
                int n = Math.Min(VB.Count, row.Length);
                int y0 = unchecked(rowY + (x * f.YPerX));
                int yFirst = y0 >> 16;
                int yLast = unchecked(y0 + ((n - 1) * f.YPerX)) >> 16;
                int ymin = Math.Max(Math.Min(yFirst, yLast), 0);
                int ymax = Math.Min(Math.Max(yFirst, yLast), h - 1);

                VI xx = Vec.Create(unchecked(rowX + (x * f.XPerX))) + laneX;
                VI yy = Vec.Create(y0) + laneY;
                VI base0 = Vec.Create(ymin << 16);
                Quarter(ref xx, ref yy, stepX, stepY, width, height, base0, out VI ix0, out VI iy0);
                Quarter(ref xx, ref yy, stepX, stepY, width, height, base0, out VI ix1, out VI iy1);
                Quarter(ref xx, ref yy, stepX, stepY, width, height, base0, out VI ix2, out VI iy2);
                Quarter(ref xx, ref yy, stepX, stepY, width, height, base0, out VI ix3, out VI iy3);
                VB index = narrow.ThirdBytes(ix0, ix1, ix2, ix3);
                // Relative source row per lane; lanes outside the source hold 255 and never match.
                VB which = narrow.ThirdBytes(iy0, iy1, iy2, iy3);
                VB acc = Sample(srcBase, srcStride, maskLo, maskHi, twoRegisters, index, which, ymin, ymax, fillV);

                if (n == VB.Count)
                {
                    acc.StoreUnsafe(ref row[x]);
                }
                else
                {
                    acc.StoreUnsafe(ref px);
                    pixels[..n].CopyTo(row);
                }
            }
        }
    }

    /// <summary>
    /// The 64 lookups of a block: lane i takes column index[i] of row ymin + which[i] (no row when which is 255).
    /// Rows of at most 64 pixels fill one register, so one permute serves two rows (index bit 6 picks the second),
    /// halving the loop; wider rows take one permute of their two registers per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe VB Sample(byte* srcBase, nint srcStride, VB maskLo, VB maskHi, bool twoRegisters, VB index, VB which, int ymin, int ymax, VB fill)
    {
        VB acc = fill;
        if (!twoRegisters)
        {
            // Word shifts stand in for byte shifts; the masks drop what crosses between the bytes of a word.
            VB paired = index | (Vec.ShiftLeft(which.AsUInt16(), 6).AsByte() & Vec.Create((byte)0x40));
            VB pair = Vec.ShiftRightLogical(which.AsUInt16(), 1).AsByte() & Vec.Create((byte)0x7F);
            for (int r = ymin; r <= ymax; r += 2)
            {
                byte* line = srcBase + (r * srcStride);
                VB first = Avx512BW.MaskLoad(line, maskLo, VB.Zero);
                VB second = r < ymax ? Avx512BW.MaskLoad(line + srcStride, maskLo, VB.Zero) : VB.Zero;
                VB v = Avx512Vbmi.PermuteVar64x8x2(first, paired, second);
                acc = Vec.ConditionalSelect(Vec.Equals(pair, Vec.Create((byte)((r - ymin) >> 1))), v, acc);
            }

            return acc;
        }

        for (int r = ymin; r <= ymax; r++)
        {
            byte* line = srcBase + (r * srcStride);
            VB lo = Avx512BW.MaskLoad(line, maskLo, VB.Zero);
            VB hi = Avx512BW.MaskLoad(line + VB.Count, maskHi, VB.Zero);
            VB v = Avx512Vbmi.PermuteVar64x8x2(lo, index, hi);
            acc = Vec.ConditionalSelect(Vec.Equals(which, Vec.Create((byte)(r - ymin))), v, acc);
        }

        return acc;
    }

    /// <summary>
    /// For 16 output pixels, 16.16 lanes whose integer part's low byte is the source column, and the source row
    /// relative to ymin (all ones, so 255, when outside): the inside test runs on the 16.16 values against limits
    /// shifted the same way, and no lane is shifted or masked. An outside lane's column byte is left as it is: its row
    /// matches none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quarter(ref VI xx, ref VI yy, VI stepX, VI stepY, Vector512<uint> widthLimit, Vector512<uint> heightLimit, VI ymin16, out VI column, out VI row)
    {
        VI ok = (Vec.LessThan(xx.AsUInt32(), widthLimit) & Vec.LessThan(yy.AsUInt32(), heightLimit)).AsInt32();
        column = xx;
        row = Vec.ConditionalSelect(ok, yy - ymin16, VI.AllBitsSet);
        xx += stepX;
        yy += stepY;
    }
}
