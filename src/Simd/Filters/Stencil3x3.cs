using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Hpc.Simd.Filters;

/// <summary>
/// Row driver shared by the 3x3 filters: Pillow's ImagingFilter3x3 layout (first and last rows and columns copied,
/// images narrower or shorter than 3 copied whole), with the interior of each row handed to the ISA's row kernel; the
/// vector kernels take all rows at once where the image is wide enough.
/// </summary>
[SkipLocalsInit]
internal static class Stencil3x3
{
    public static void Run<TOperator>(ReadOnlySpan2D<byte> src, Span2D<byte> dst, SimdPath path)
        where TOperator : IStencil3x3Operator
    {
        int h = src.Height, w = src.Width;
        if (h < 3 || w < 3)
        {
            src.CopyTo(dst);
            return;
        }

        ref byte s = ref Unsafe.AsRef(in src.DangerousGetReference());
        ref byte d = ref dst.DangerousGetReference();
        nint sp = ImageLayout.Stride(src), dp = ImageLayout.Stride(dst);
        Unsafe.CopyBlockUnaligned(ref d, ref s, (uint)w);
        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref d, (h - 1) * dp), ref Unsafe.Add(ref s, (h - 1) * sp), (uint)w);
        // Images wide enough for one strip take the strip kernels, which walk all the rows at once.
        bool strips = path switch
        {
            SimdPath.Vector512 => w >= Stencil3x3Strips<StencilLanes512>.InteriorWidth,
            SimdPath.Vector256 => w >= Stencil3x3Strips<StencilLanes256>.InteriorWidth,
            SimdPath.Vector128 => w >= Stencil3x3Strips<StencilLanes128>.InteriorWidth,
            _ => false,
        };
        if (strips)
        {
            bool rows = path == SimdPath.Vector512 && Stencil3x3Vector512.UseRows(w);
            if (!rows)
            {
                CopyEdgeColumns(ref s, sp, ref d, dp, w, h);
            }

            unsafe
            {
                fixed (byte* from = &s, to = &d)
                {
                    if (rows)
                    {
                        Stencil3x3Vector512.Rows<TOperator>(from, sp, to, dp, w, h);
                    }
                    else if (path == SimdPath.Vector512)
                    {
                        Stencil3x3Strips<StencilLanes512>.Interior<TOperator>(from, sp, to, dp, w, h);
                    }
                    else if (path == SimdPath.Vector256)
                    {
                        Stencil3x3Strips<StencilLanes256>.Interior<TOperator>(from, sp, to, dp, w, h);
                    }
                    else
                    {
                        Stencil3x3Strips<StencilLanes128>.Interior<TOperator>(from, sp, to, dp, w, h);
                    }
                }
            }

            return;
        }

        if (path != SimdPath.Scalar && sp == w && dp == w)
        {
            // Both contiguous: the interior is one flat run from (1, 1) to (h - 2, w - 2). The pixels it computes in
            // the border columns in between see the neighbouring row's edge instead of nothing; they are put back below.
            ref byte start = ref Unsafe.Add(ref s, sp + 1);
            Row<TOperator>(path, ref Unsafe.Add(ref start, -sp), ref start, ref Unsafe.Add(ref start, sp), ref Unsafe.Add(ref d, dp + 1), (h - 3) * w + w - 2);
            CopyEdgeColumns(ref s, sp, ref d, dp, w, h);

            return;
        }

        for (int y = 1; y < h - 1; y++)
        {
            ref byte mid = ref Unsafe.Add(ref s, y * sp);
            ref byte output = ref Unsafe.Add(ref d, y * dp);
            output = mid;
            Unsafe.Add(ref output, w - 1) = Unsafe.Add(ref mid, w - 1);
            ref byte up = ref Unsafe.Add(ref mid, 1 - sp);
            ref byte centre = ref Unsafe.Add(ref mid, 1);
            ref byte down = ref Unsafe.Add(ref mid, 1 + sp);
            ref byte interior = ref Unsafe.Add(ref output, 1);
            Row<TOperator>(path, ref up, ref centre, ref down, ref interior, w - 2);
        }
    }

    /// <summary>Pillow copies the first and last columns of the interior rows through unfiltered.</summary>
    private static void CopyEdgeColumns(ref byte s, nint sp, ref byte d, nint dp, int w, int h)
    {
        for (int y = 1; y < h - 1; y++)
        {
            Unsafe.Add(ref d, y * dp) = Unsafe.Add(ref s, y * sp);
            Unsafe.Add(ref d, y * dp + w - 1) = Unsafe.Add(ref s, y * sp + w - 1);
        }
    }

    private static void Row<TOperator>(SimdPath path, ref byte up, ref byte centre, ref byte down, ref byte interior, int n)
        where TOperator : IStencil3x3Operator
    {
        switch (path)
        {
            case SimdPath.Vector512:
                Stencil3x3Vector512.Row<TOperator>(ref up, ref centre, ref down, ref interior, n);
                break;
            case SimdPath.Vector256:
                Stencil3x3Vector256.Row<TOperator>(ref up, ref centre, ref down, ref interior, n);
                break;
            case SimdPath.Vector128:
                Stencil3x3Vector128.Row<TOperator>(ref up, ref centre, ref down, ref interior, n);
                break;
            default:
                Stencil3x3Scalar.Row<TOperator>(ref up, ref centre, ref down, ref interior, n);
                break;
        }
    }
}
