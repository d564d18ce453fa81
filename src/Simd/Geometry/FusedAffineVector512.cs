using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Vec = System.Runtime.Intrinsics.Vector512;
using VB = System.Runtime.Intrinsics.Vector512<byte>;
using VI = System.Runtime.Intrinsics.Vector512<int>;

namespace Hpc.Simd.Geometry;

/// <summary>
/// <see cref="FusedFixed"/>, one vector width, for any source: vectors advance the 32-bit tap coordinates and derive
/// offsets into an edge-replicated copy of the source (so no clamping) and packed weights; a scalar loop loads the
/// two 16-bit tap pairs per pixel (gathers are microcoded on AMD); vectors blend in 32-bit lanes with the scalar
/// formula. This file is also <c>FusedAffineVector256</c> and <c>FusedAffineVector128</c>
/// (<see cref="NarrowerWidthsAttribute"/>).
/// </summary>
[NarrowerWidths]
internal static class FusedAffineVector512
{
    private const int Chunk = 256;

    /// <summary>Largest edge-replicated copy worth making; bigger sources take the scalar loop.</summary>
    private const int MaxPadded = 1 << 22;

    public static bool Applies(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f) =>
        (long)(src.Width + 2) * (src.Height + 2) <= MaxPadded && f.FitsInt32(dst.Width, dst.Height, src.Width, src.Height);

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan2D<byte> src, Span2D<byte> dst, in FusedFixed f, byte fill)
    {
        int w = src.Width;
        int h = src.Height;
        int stride = w + 2;
        Span<byte> padded = Scratch.Bytes2((h + 2) * stride);
        for (int r = -1; r <= h; r++)
        {
            ReadOnlySpan<byte> line = src.GetRowSpan(Math.Clamp(r, 0, h - 1));
            Span<byte> p = padded.Slice((r + 1) * stride, stride);
            p[0] = line[0];
            line.CopyTo(p[1..]);
            p[w + 1] = line[w - 1];
        }

        Span<int> offsets = stackalloc int[Chunk];
        Span<int> weights = stackalloc int[Chunk];
        Span<int> quads = stackalloc int[Chunk];
        Span<byte> inside = stackalloc byte[Chunk];
        Span<byte> pixels = stackalloc byte[Chunk];
        ref byte s = ref padded[0];
        ref int off = ref offsets[0];
        ref int wts = ref weights[0];
        ref int quad = ref quads[0];
        ref byte ins = ref inside[0];
        ref byte px = ref pixels[0];
        int xpx = (int)f.XPerX;
        int ypx = (int)f.YPerX;
        VI laneX = VI.Indices * xpx;
        VI laneY = VI.Indices * ypx;
        VI stepX = Vec.Create(unchecked(xpx * VI.Count));
        VI stepY = Vec.Create(unchecked(ypx * VI.Count));
        var geo = new Lanes(w, h, stride);
        VB fillV = Vec.Create(fill);
        int block = 4 * VI.Count;

        for (int y = 0; y < dst.Height; y++)
        {
            Span<byte> row = dst.GetRowSpan(y);
            long rowX = f.XOrigin + (y * f.XPerY);
            long rowY = f.YOrigin + (y * f.YPerY);
            for (int x0 = 0; x0 < row.Length; x0 += Chunk)
            {
                int n = Math.Min(Chunk, row.Length - x0);
                // Lanes past the row end wrap harmlessly: their offsets are masked to 0 and their pixels never copied.
                VI tx = Vec.Create((int)(rowX + (x0 * f.XPerX))) + laneX;
                VI ty = Vec.Create((int)(rowY + (x0 * f.YPerX))) + laneY;
                for (int i = 0; i < n; i += block)
                {
                    VI ok0 = geo.Taps(ref tx, ref ty, stepX, stepY, ref Unsafe.Add(ref off, i), ref Unsafe.Add(ref wts, i));
                    VI ok1 = geo.Taps(ref tx, ref ty, stepX, stepY, ref Unsafe.Add(ref off, i + VI.Count), ref Unsafe.Add(ref wts, i + VI.Count));
                    VI ok2 = geo.Taps(ref tx, ref ty, stepX, stepY, ref Unsafe.Add(ref off, i + (2 * VI.Count)), ref Unsafe.Add(ref wts, i + (2 * VI.Count)));
                    VI ok3 = geo.Taps(ref tx, ref ty, stepX, stepY, ref Unsafe.Add(ref off, i + (3 * VI.Count)), ref Unsafe.Add(ref wts, i + (3 * VI.Count)));
                    Vec.Narrow(Vec.Narrow(ok0, ok1), Vec.Narrow(ok2, ok3)).AsByte().StoreUnsafe(ref ins, (nuint)i);
                }

                for (int i = 0; i < n; i++)
                {
                    ref byte p = ref Unsafe.Add(ref s, Unsafe.Add(ref off, i));
                    Unsafe.Add(ref quad, i) = Unsafe.ReadUnaligned<ushort>(ref p) | (Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref p, stride)) << 16);
                }

                for (int i = 0; i < n; i += block)
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

    /// <summary><see cref="FusedFixed.Blend"/> on packed taps (p00 | p01 &lt;&lt; 8 | p10 &lt;&lt; 16 | p11 &lt;&lt; 24) and weights (fx | fy &lt;&lt; 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VI Blend(VI q, VI w)
    {
        const int bits = FusedFixed.WeightBits;
        VI b = Vec.Create(255);
        VI p00 = q & b;
        VI p01 = Vec.ShiftRightLogical(q, 8) & b;
        VI p10 = Vec.ShiftRightLogical(q, 16) & b;
        VI p11 = Vec.ShiftRightLogical(q, 24);
        VI fx = w & Vec.Create(0xFFFF);
        VI fy = Vec.ShiftRightLogical(w, 16);
        VI top = Vec.ShiftLeft(p00, bits) + ((p01 - p00) * fx);
        VI bottom = Vec.ShiftLeft(p10, bits) + ((p11 - p10) * fx);
        return Vec.ShiftRightArithmetic(Vec.ShiftLeft(top, bits) + ((bottom - top) * fy) + Vec.Create(1 << ((2 * bits) - 1)), 2 * bits);
    }

    /// <summary>Per-call constants of the lane computation.</summary>
    private readonly struct Lanes(int width, int height, int stride)
    {
        private readonly Vector512<uint> widthLimit = Vec.Create((uint)width << 16);
        private readonly Vector512<uint> heightLimit = Vec.Create((uint)height << 16);
        private readonly VI stride = Vec.Create(stride);

        /// <summary>Inside mask, padded offset of the top-left tap (0 when outside) and packed weights; advances the coordinates.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VI Taps(ref VI tx, ref VI ty, VI stepX, VI stepY, ref int offsets, ref int weights)
        {
            VI shift = Vec.Create(FusedFixed.InsideShift);
            VI mask = Vec.Create((1 << FusedFixed.WeightBits) - 1);
            VI ok = (Vec.LessThan((tx + shift).AsUInt32(), widthLimit) & Vec.LessThan((ty + shift).AsUInt32(), heightLimit)).AsInt32();
            VI one = Vec.Create(1);
            VI offset = ((Vec.ShiftRightArithmetic(ty, 16) + one) * stride) + Vec.ShiftRightArithmetic(tx, 16) + one;
            (offset & ok).StoreUnsafe(ref offsets);
            VI fx = Vec.ShiftRightArithmetic(tx, 16 - FusedFixed.WeightBits) & mask;
            VI fy = Vec.ShiftRightArithmetic(ty, 16 - FusedFixed.WeightBits) & mask;
            (fx | Vec.ShiftLeft(fy, 16)).StoreUnsafe(ref weights);
            tx += stepX;
            ty += stepY;
            return ok;
        }
    }
}
