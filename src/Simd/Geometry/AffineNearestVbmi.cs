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
        fixed (byte* srcBase = &src.DangerousGetReference())
        {
            Run(srcBase, src, dst, f, fill);
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
        Vector512<uint> width = Vec.Create((uint)w);
        Vector512<uint> height = Vec.Create((uint)h);
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

                VI xx = Vec.Create(unchecked(rowX + (x * f.XPerX))) + laneX;
                VI yy = Vec.Create(y0) + laneY;
                VI base0 = Vec.Create(ymin);
                Quarter(ref xx, ref yy, stepX, stepY, width, height, base0, out VI ix0, out VI iy0);
                Quarter(ref xx, ref yy, stepX, stepY, width, height, base0, out VI ix1, out VI iy1);
                Quarter(ref xx, ref yy, stepX, stepY, width, height, base0, out VI ix2, out VI iy2);
                Quarter(ref xx, ref yy, stepX, stepY, width, height, base0, out VI ix3, out VI iy3);
                VB index = Vec.Narrow(Vec.Narrow(ix0, ix1), Vec.Narrow(ix2, ix3)).AsByte();
                // Relative source row per lane; lanes outside the source hold 255 and never match.
                VB which = Vec.Narrow(Vec.Narrow(iy0, iy1), Vec.Narrow(iy2, iy3)).AsByte();
                VB acc = fillV;
                for (int r = ymin; r <= ymax; r++)
                {
                    byte* line = srcBase + (r * srcStride);
                    VB lo = Avx512BW.MaskLoad(line, maskLo, VB.Zero);
                    VB hi = twoRegisters ? Avx512BW.MaskLoad(line + VB.Count, maskHi, VB.Zero) : VB.Zero;
                    VB v = Avx512Vbmi.PermuteVar64x8x2(lo, index, hi);
                    acc = Vec.ConditionalSelect(Vec.Equals(which, Vec.Create((byte)(r - ymin))), v, acc);
                }

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

    /// <summary>Source column (0 when outside) and row relative to ymin (255 when outside) for 16 output pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quarter(ref VI xx, ref VI yy, VI stepX, VI stepY, Vector512<uint> width, Vector512<uint> height, VI ymin, out VI column, out VI row)
    {
        VI xin = Vec.ShiftRightArithmetic(xx, 16);
        VI yin = Vec.ShiftRightArithmetic(yy, 16);
        VI ok = (Vec.LessThan(xin.AsUInt32(), width) & Vec.LessThan(yin.AsUInt32(), height)).AsInt32();
        column = xin & ok;
        row = Vec.ConditionalSelect(ok, yin - ymin, Vec.Create(255));
        xx += stepX;
        yy += stepY;
    }
}
