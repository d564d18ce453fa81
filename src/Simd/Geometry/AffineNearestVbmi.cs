using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VS = System.Runtime.Intrinsics.Vector512<short>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// Pillow's fixed-point nearest warp with AVX-512 VBMI. A source row of up to 128 bytes is two registers, so
/// <c>vpermi2b</c> looks up 64 output pixels in it at once; wider sources take tiles whose taps fit a 64-byte window of
/// each row. A block of 64 outputs
/// needs only the source rows its (linear) row coordinate crosses — few for the small rotations and shears of
/// augmentation — so each block is one permute and one masked blend per crossed row: no gathers, no byte loops.
/// The lanes' integer coordinates come as 16-bit words from the block origin and per-call lane parts
/// (<see cref="FixedLaneParts"/>); they are those of <see cref="AffineScalar.NearestFixed"/>, so the result is
/// bit-identical.
/// </summary>
internal static class AffineNearestVbmi
{
    /// <summary>Above this many crossed rows per block, per-pixel loads are cheaper than one permute per row.</summary>
    public const int MaxRowsPerBlock = 20;

    private const int MaxWidth = 128;

    /// <summary>
    /// Wider sources take tiles of several rows whose taps span at most this many columns: each tile then reads a
    /// 64-byte window of every crossed row, from its leftmost tap (<see cref="WindowedTiles"/>).
    /// </summary>
    private const int WindowSpan = 62;

    /// <summary>
    /// Source heights above this go elsewhere: <see cref="FixedLanes"/> forms relative rows in 16-bit lanes, and
    /// below this height no wrapped difference can land on a crossed row.
    /// </summary>
    private const int MaxHeight = 16384;

    /// <summary>
    /// The block shape for <see cref="Run"/> (see <see cref="TileHeight(Span2D{byte}, FixedAffine, out double)"/>), or 0
    /// when this engine does not apply: no VBMI, a source too tall (or wider than <see cref="MaxHeight"/>), more crossed
    /// rows per block than <see cref="MaxRowsPerBlock"/> in the best shape (a steep rotation crosses many rows along
    /// one output row but few in a tile), or, on a source wider than 128, no tile of several rows whose taps span at
    /// most <see cref="WindowSpan"/> columns.
    /// </summary>
    public static int TileHeight(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f)
    {
        if (!Avx512Vbmi.IsSupported || src.Width > MaxHeight || src.Height > MaxHeight)
        {
            return 0;
        }

        int th;
        double rows;
        if (src.Width > MaxWidth)
        {
            th = TileShape.FewestRowsInWindow(VB.Count, 8, dst.Width, dst.Height, f.YPerX, f.YPerY, f.XPerX, f.XPerY, WindowSpan, out rows);
            if (th == 0)
            {
                return 0;
            }
        }
        else
        {
            th = TileHeight(dst, f, out rows);
        }

        return Math.Floor(rows) + 2 <= MaxRowsPerBlock ? th : 0;
    }

    /// <summary>Runs the engine with blocks <paramref name="th"/> rows high, as <see cref="TileHeight(ReadOnlySpan2D{byte}, Span2D{byte}, FixedAffine)"/> chose.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, int th, byte fill)
    {
        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            bool whole = src.Width == VB.Count;
            if (src.Width > MaxWidth)
            {
                // TileHeight chose a multi-row tile whose taps fit a window of the row.
                WindowedTiles(srcBase, src, dst, f, th, fill);
            }
            else if (th > 1 && whole)
            {
                Tiles<WholeRow>(srcBase, src, dst, f, th, fill);
            }
            else if (th > 1)
            {
                Tiles<MaskedRow>(srcBase, src, dst, f, th, fill);
            }
            else if (whole)
            {
                Run<WholeRow>(srcBase, src, dst, f, fill);
            }
            else
            {
                Run<MaskedRow>(srcBase, src, dst, f, fill);
            }
        }
    }

    /// <summary>
    /// The tile height (64/TH columns by TH rows per register) whose taps cross the fewest source rows; 1 means the
    /// row-by-row loop. Steep rotations cross far fewer rows in a squarish tile than along 64 pixels of one row.
    /// <paramref name="rows"/> is the chosen shape's spread of the row coordinate, in rows (a block crosses at most
    /// that plus two).
    /// </summary>
    private static int TileHeight(Span2D<byte> dst, FixedAffine f, out double rows)
    {
        // Crossed rows alone decide. A penalty of 2.5 rows on multi-row tiles (their corner math and split stores) kept
        // rotations below about 6 degrees in the row loop; on Zen 5 the classic policy's rotations ran 7-9% faster
        // without it (bench/RESULTS.md, stop 18).
        int th = TileShape.FewestRows(VB.Count, 8, dst.Width, dst.Height, f.YPerX, f.YPerY, out rows);
        if (th <= 1)
        {
            // The row loop's blocks span at most 64 pixels of a row (fewer when none of the shapes fits the destination).
            rows = Math.Abs((double)f.YPerX) * (VB.Count - 1) / 65536.0;
            return 1;
        }

        return th;
    }

    /// <summary>
    /// The same lookups on 64-pixel tiles of several output rows. Lane coordinates are the row-loop's wrapping int32
    /// sums regrouped (origin + y * perY + x * perX), so every lane holds the very integer the scalar loop reaches.
    /// The tile height becomes a type argument (<see cref="IStaticInt"/>).
    /// </summary>
    private static unsafe void Tiles<TRows>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, int th, byte fill)
        where TRows : struct, IRowAccess
    {
        switch (th)
        {
            case 2:
                Tiles<TRows, Int2>(srcBase, src, dst, f, fill);
                break;
            case 4:
                Tiles<TRows, Int4>(srcBase, src, dst, f, fill);
                break;
            default:
                Tiles<TRows, Int8>(srcBase, src, dst, f, fill);
                break;
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tiles<TRows, TTile>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, byte fill)
        where TRows : struct, IRowAccess
        where TTile : struct, IStaticInt
    {
        int th = TTile.Value;
        int w = src.Width;
        int h = src.Height;
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(w, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(w - VB.Count, 0)));
        bool twoRegisters = TRows.TwoRegisters(w);
        nint srcStride = ImageLayout.Stride(src);
        int tw = VB.Count / th;
        var lanes = new FixedLanes(f, tw, w);
        VB fillV = Vec.Create(fill);
        ref byte d0 = ref dst.DangerousGetReference();
        nint dstride = ImageLayout.Stride(dst);
        (long low, long high) = TileShape.CornerOffsets(f.YPerX, f.YPerY, tw, th);

        for (int y0 = 0; y0 < dst.Height; y0 += th)
        {
            int y = Math.Min(y0, dst.Height - th);
            int rowX = unchecked(f.XOrigin + (y * f.XPerY));
            int rowY = unchecked(f.YOrigin + (y * f.YPerY));
            ref byte dstRow = ref Unsafe.Add(ref d0, y * dstride);
            for (int x0 = 0; x0 < dst.Width; x0 += tw)
            {
                int x = Math.Min(x0, dst.Width - tw);
                int bx = unchecked(rowX + (x * f.XPerX));
                int by = unchecked(rowY + (x * f.YPerX));
                // In 64 bits the bounds are exact. Where they pass the int32 range some lanes wrap, but then every
                // lane lies outside the source (in-image rows are far from the wrap), so an empty range is right.
                int ymin = (int)Math.Max((by + low) >> 16, 0);
                int ymax = (int)Math.Min((by + high) >> 16, h - 1);
                lanes.Bytes(bx, by, ymin, out VB index, out VB which);
                VB acc = Sample<TRows>(srcBase, srcStride, maskLo, maskHi, twoRegisters, index, which, ymin, ymax, h, fillV);

                FusedAffineVbmi.Store(acc, ref Unsafe.Add(ref dstRow, x), dstride, th);
            }
        }
    }

    private static unsafe void WindowedTiles(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, int th, byte fill)
    {
        switch (th)
        {
            case 2:
                WindowedTiles<Int2>(srcBase, src, dst, f, fill);
                break;
            case 4:
                WindowedTiles<Int4>(srcBase, src, dst, f, fill);
                break;
            default:
                WindowedTiles<Int8>(srcBase, src, dst, f, fill);
                break;
        }
    }

    /// <summary>
    /// <see cref="Tiles{TRows, TTile}"/> on sources wider than 128: each tile reads the 64 bytes of each crossed row
    /// from its leftmost tap (exact, like the rows, and kept inside the row), and its columns and inside test are
    /// relative to that window. A loop of its own: folded into the narrow sources' loop as a type argument, it
    /// spilled that loop's lane parts to the stack (5-15% slower at 28x28 and 64x64).
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WindowedTiles<TTile>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, byte fill)
        where TTile : struct, IStaticInt
    {
        int th = TTile.Value;
        int w = src.Width;
        int h = src.Height;
        nint srcStride = ImageLayout.Stride(src);
        int tw = VB.Count / th;
        var lanes = new FixedLanes(f, tw, w);
        VB fillV = Vec.Create(fill);
        ref byte d0 = ref dst.DangerousGetReference();
        nint dstride = ImageLayout.Stride(dst);
        (long low, long high) = TileShape.CornerOffsets(f.YPerX, f.YPerY, tw, th);
        long left = TileShape.CornerOffsets(f.XPerX, f.XPerY, tw, th).Low;

        for (int y0 = 0; y0 < dst.Height; y0 += th)
        {
            int y = Math.Min(y0, dst.Height - th);
            int rowX = unchecked(f.XOrigin + (y * f.XPerY));
            int rowY = unchecked(f.YOrigin + (y * f.YPerY));
            ref byte dstRow = ref Unsafe.Add(ref d0, y * dstride);
            for (int x0 = 0; x0 < dst.Width; x0 += tw)
            {
                int x = Math.Min(x0, dst.Width - tw);
                int bx = unchecked(rowX + (x * f.XPerX));
                int by = unchecked(rowY + (x * f.YPerX));
                int ymin = (int)Math.Max((by + low) >> 16, 0);
                int ymax = (int)Math.Min((by + high) >> 16, h - 1);
                // TileHeight kept every tap within WindowSpan columns of the leftmost; the inside test [window, w)
                // becomes [0, w - window).
                int window = (int)Math.Clamp((bx + left) >> 16, 0, w - VB.Count);
                lanes.Bytes(bx, by, window, ymin, Vec.Create((ushort)(w - window)), out VB index, out VB which);
                VB acc = Sample<WholeRow>(srcBase + window, srcStride, VB.AllBitsSet, VB.AllBitsSet, false, index, which, ymin, ymax, h, fillV);
                FusedAffineVbmi.Store(acc, ref Unsafe.Add(ref dstRow, x), dstride, th);
            }
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run<TRows>(byte* srcBase, ReadOnlySpan2D<byte> src, Span2D<byte> dst, FixedAffine f, byte fill)
        where TRows : struct, IRowAccess
    {
        int w = src.Width;
        int h = src.Height;
        // Rows are read in place (TRows: plain loads of 64-pixel rows, fault-suppressing masked loads of shorter ones):
        // nothing past a row is touched, no copy.
        VB maskLo = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Min(src.Width, VB.Count)));
        VB maskHi = Vec.LessThan(VB.Indices, Vec.Create((byte)Math.Max(src.Width - VB.Count, 0)));
        bool twoRegisters = TRows.TwoRegisters(src.Width);
        nint srcStride = ImageLayout.Stride(src);
        Span<byte> pixels = stackalloc byte[VB.Count];
        ref byte px = ref pixels[0];
        // A block is a one-row tile of 64 pixels.
        var lanes = new FixedLanes(f, VB.Count, w);
        VB fillV = Vec.Create(fill);

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

                lanes.Bytes(unchecked(rowX + (x * f.XPerX)), y0, ymin, out VB index, out VB which);
                VB acc = Sample<TRows>(srcBase, srcStride, maskLo, maskHi, twoRegisters, index, which, ymin, ymax, h, fillV);

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
    private static unsafe VB Sample<TRows>(byte* srcBase, nint srcStride, VB maskLo, VB maskHi, bool twoRegisters, VB index, VB which, int ymin, int ymax, int height, VB fill)
        where TRows : struct, IRowAccess
    {
        VB acc = fill;
        if (!twoRegisters)
        {
            // Word shifts stand in for byte shifts; the masks drop what crosses between the bytes of a word.
            VB paired = index | (Vec.ShiftLeft(which.AsUInt16(), 6).AsByte() & Vec.Create((byte)0x40));
            // Twice each lane's pair number, minus two per pair taken: zero at its pair. Counting down costs a vector
            // subtraction where comparing against the pair number needed a broadcast, a shuffle-port uop (by two, because
            // the JIT turns a subtraction of one into an addition of an all-ones register it rebuilds every pass). Lanes
            // that take no crossed row start past the block's last pair (negative relative rows at 128 or more), so
            // they never reach zero.
            VB countdown = which & Vec.Create((byte)0xFE);
            // A pair may read the row after ymax: no lane takes it unless ymax was clamped to the last source row,
            // where the lanes one row below the source pick the second row (their relative row is ymax - ymin + 1,
            // see FixedLanes) and must read the fill. So the loop takes the pairs that stay in the image, and the
            // one pair that would start on the last row (only at the bottom edge) takes the fill as its second row.
            // A data-dependent choice inside the loop mispredicted on the last pair of about half the tiles.
            byte* line = srcBase + (ymin * srcStride);
            nint pairStride = 2 * srcStride;
            int r = ymin;
            for (int pairsEnd = Math.Min(ymax, height - 2); r <= pairsEnd; r += 2, line += pairStride)
            {
                VB v = Avx512Vbmi.PermuteVar64x8x2(TRows.Load(line, maskLo), paired, TRows.Load(line + srcStride, maskLo));
                acc = Vec.ConditionalSelect(Vec.Equals(countdown, VB.Zero), v, acc);
                countdown -= Vec.Create((byte)2);
            }

            if (r <= ymax)
            {
                VB v = Avx512Vbmi.PermuteVar64x8x2(TRows.Load(line, maskLo), paired, fill);
                acc = Vec.ConditionalSelect(Vec.Equals(countdown, VB.Zero), v, acc);
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
    /// A tile's source columns and relative rows from the integer parts of its 16.16 coordinates (see
    /// <see cref="FixedLaneParts"/>). A column outside [0, width) turns the lane's row to -1; a row outside the source
    /// needs no test: its relative row packs (saturating) to a byte no crossed row matches, because the crossed rows
    /// lie in [0, height) and heights stay at most <see cref="MaxHeight"/>, or it is the row just below the last one,
    /// which reads the fill (see <see cref="Sample"/>).
    /// </summary>
    private readonly struct FixedLanes(FixedAffine f, int tileWidth, int srcWidth)
    {
        private readonly FixedLaneParts x = new(f.XPerX, f.XPerY, tileWidth), y = new(f.YPerX, f.YPerY, tileWidth);
        private readonly Vector512<ushort> width = Vec.Create((ushort)srcWidth);

        /// <summary>
        /// Source columns (their low byte; any value for lanes outside) and rows relative to ymin (a byte no crossed
        /// row matches for lanes outside) of the tile whose first pixel's 16.16 coordinates are (x16, y16).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Bytes(int x16, int y16, int ymin, out VB index, out VB which) => Bytes(x16, y16, 0, ymin, width, out index, out which);

        /// <summary>
        /// The same with columns relative to <paramref name="xmin"/> (a window of a wide row), inside when below
        /// <paramref name="columns"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Bytes(int x16, int y16, int xmin, int ymin, Vector512<ushort> columns, out VB index, out VB which)
        {
            x.Integers(x16, xmin, out VS xA, out VS xB);
            y.Integers(y16, ymin, out VS yA, out VS yB);
            yA = Vec.ConditionalSelect(Vec.LessThan(xA.AsUInt16(), columns).AsInt16(), yA, VS.AllBitsSet);
            yB = Vec.ConditionalSelect(Vec.LessThan(xB.AsUInt16(), columns).AsInt16(), yB, VS.AllBitsSet);
            index = Avx512BW.PackSignedSaturate(xA, xB).AsByte();
            which = Avx512BW.PackSignedSaturate(yA, yB).AsByte();
        }
    }
}
