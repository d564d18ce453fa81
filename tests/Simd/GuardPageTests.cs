using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Conversion;
using Hpc.Simd.Filters;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests;

/// <summary>
/// Every kernel on every path this leg accelerates, with its source and its destination flush against an inaccessible
/// page, once after the image and once before it. The kernels read whole vectors, masked loads and per-pixel offsets
/// near the edges; on the managed heap a byte read or written past an image lands in other memory and goes unseen,
/// here it faults and the test host dies, which fails the run.
/// </summary>
[Trait("Category", "Isa")]
public unsafe class GuardPageTests
{
    private delegate void Kernel(ReadOnlySpan2D<byte> src, byte* dst, int width, int height, int dstPitch, SimdPath path);

    private static readonly (int Width, int Height, int Pitch)[] Shapes =
    [
        (1, 1, 0), (5, 3, 0), (28, 28, 0), (37, 23, 3), (64, 64, 0), (65, 17, 5), (130, 9, 0),
    ];

    // Name, bytes per destination element (1: an image with the source's shape and pitch; 2, 4: a dense tensor), kernel.
    private static readonly (string Name, int DstBytes, Kernel Run)[] Kernels =
    [
        ("rotate 10 nearest", 1, (s, d, w, h, p, path) => Rotate.Apply(s, Image(d, w, h, p), 10, Interpolation.Nearest, path)),
        ("scale 0.7 nearest", 1, (s, d, w, h, p, path) => Affine.Apply(s, Image(d, w, h, p), new AffineMatrix(1.4, 0, 2, 0.002, 1, -1), Interpolation.Nearest, path, 9)),
        // Wide rows zoomed out: the nearest shuffle engines' two-chunk windows, clamped at the row's end.
        ("zoom out 2.6 nearest", 1, (s, d, w, h, p, path) => Affine.Apply(s, Image(d, w, h, p), new AffineMatrix(2.6, 0.05, 1, -0.01, 1, 0), Interpolation.Nearest, path, 9)),
        ("rotate 45 nearest", 1, (s, d, w, h, p, path) => Rotate.Apply(s, Image(d, w, h, p), 45, Interpolation.Nearest, path)),
        ("rotate 150 bilinear", 1, (s, d, w, h, p, path) => Rotate.Apply(s, Image(d, w, h, p), 150, Interpolation.Bilinear, path)),
        ("rotate 7 bilinear", 1, (s, d, w, h, p, path) => Rotate.Apply(s, Image(d, w, h, p), 7, Interpolation.Bilinear, path)),
        ("shear nearest", 1, (s, d, w, h, p, path) => Shear.Apply(s, Image(d, w, h, p), 1.5, -0.7, Interpolation.Nearest, path)),
        ("shear bilinear", 1, (s, d, w, h, p, path) => Shear.Apply(s, Image(d, w, h, p), 0.2, 0.1, Interpolation.Bilinear, path)),
        ("affine far nearest", 1, (s, d, w, h, p, path) => Affine.Apply(s, Image(d, w, h, p), new AffineMatrix(1, 0.1, -3, 0, 1, h - 2.5), Interpolation.Nearest, path, 9)),
        ("affine far bilinear", 1, (s, d, w, h, p, path) => Affine.Apply(s, Image(d, w, h, p), new AffineMatrix(0.9, 0, w - 2.5, 0.2, 1.1, -4), Interpolation.Bilinear, path, 9)),
        ("fused", 1, (s, d, w, h, p, path) => FusedAffine.Apply(s, Image(d, w, h, p), 30, 0.3, 0, 0.6, -0.2 * w, 0.3 * h, path, 7)),
        // Small enough that the VBMI warp reads 32-column windows of four rows (the whole row when it is narrower).
        ("fused 10", 1, (s, d, w, h, p, path) => FusedAffine.Apply(s, Image(d, w, h, p), 10, 0.1, 0, 0.9, 0.1 * w, -0.1 * h, path, 7)),
        // Zoomed out so far that the AVX2 warp's blocks need two 16-byte chunks of each row.
        ("fused zoom out", 1, (s, d, w, h, p, path) => FusedAffine.Apply(s, Image(d, w, h, p), 3, 0, 0, 0.5, 0, 0, path, 7)),
        ("scale up and shift", 1, (s, d, w, h, p, path) => ScaleTranslate.Apply(s, Image(d, w, h, p), (2 * w) + 1, Math.Max(h / 2, 1), -5, 3, path)),
        ("scale down to the corner", 1, (s, d, w, h, p, path) => ScaleTranslate.Apply(s, Image(d, w, h, p), Math.Max(w / 3, 1), Math.Max(h / 3, 1), w - 2, h - 2, path)),
        ("sine warp", 1, (s, d, w, h, p, path) => SineWarp.Apply(s, Image(d, w, h, p), 0.5, 0.05, path)),
        // Shifts of up to three rows: every stage of the roll, masked to the width on images narrower than 64.
        ("sine warp 3", 1, (s, d, w, h, p, path) => SineWarp.Apply(s, Image(d, w, h, p), 3, 0.07, path)),
        ("gaussian blur 0.7", 1, (s, d, w, h, p, path) => GaussianBlur.Apply(s, Image(d, w, h, p), 0.7f, path)),
        ("gaussian blur 2.5", 1, (s, d, w, h, p, path) => GaussianBlur.Apply(s, Image(d, w, h, p), 2.5f, path)),
        ("sharpen", 1, (s, d, w, h, p, path) => Sharpen.Apply(s, Image(d, w, h, p), path)),
        ("smooth", 1, (s, d, w, h, p, path) => Smooth.Apply(s, Image(d, w, h, p), path)),
        ("to float32", 4, (s, d, w, h, p, path) => ToTensor.ToFloat32(s, new Span<float>(d, w * h), Normalization.UnitRange, path)),
        ("to float16", 2, (s, d, w, h, p, path) => ToTensor.ToFloat16(s, new Span<Half>(d, w * h), Normalization.UnitRange, path)),
        ("to bfloat16", 2, (s, d, w, h, p, path) => ToTensor.ToBFloat16(s, new Span<ushort>(d, w * h), Normalization.UnitRange, path)),
    ];

    public static TheoryData<string> KernelNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach ((string name, _, _) in Kernels)
            {
                data.Add(name);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void TouchesNothingOutsideItsImages(string name)
    {
        Assert.True(OperatingSystem.IsLinux(), "The guard pages use Linux mmap/mprotect; the suite runs on Linux.");
        (_, int dstBytes, Kernel run) = Kernels.Single(k => k.Name == name);
        var random = new Random(name.Length);
        int runs = 0;
        foreach ((int w, int h, int pitch) in Shapes)
        {
            nuint srcBytes = (nuint)(((h - 1) * (w + pitch)) + w);
            nuint dstSize = dstBytes == 1 ? srcBytes : (nuint)(w * h * dstBytes);
            foreach (bool atEnd in new[] { true, false })
            {
                using var src = new Guarded(srcBytes, atEnd);
                using var dst = new Guarded(dstSize, atEnd);
                random.NextBytes(new Span<byte>(src.Pointer, (int)srcBytes));
                var image = new ReadOnlySpan2D<byte>(src.Pointer, h, w, pitch);
                for (var path = SimdPath.Scalar; path <= SimdDispatch.Best; path++)
                {
                    run(image, dst.Pointer, w, h, pitch, path);
                    runs++;
                }
            }
        }

        Assert.Equal(Shapes.Length * 2 * ((int)SimdDispatch.Best + 1), runs);
    }

    private static Span2D<byte> Image(byte* at, int width, int height, int pitch) => new(at, height, width, pitch);

    /// <summary>Bytes flush against a PROT_NONE page: after them (atEnd) or before them, with a guard on both sides.</summary>
    private sealed class Guarded : IDisposable
    {
        private const int ProtNone = 0, ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20;
        private readonly byte* mapping;
        private readonly nuint length;

        public Guarded(nuint bytes, bool atEnd)
        {
            nuint page = (nuint)Environment.SystemPageSize;
            nuint dataPages = Math.Max((bytes + page - 1) / page, 1);
            length = (dataPages + 2) * page;
            mapping = (byte*)Mmap(null, length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            Assert.True(mapping != (byte*)-1, $"mmap of {length} bytes failed (errno {Marshal.GetLastPInvokeError()})");
            Assert.Equal(0, Mprotect(mapping, page, ProtNone));
            Assert.Equal(0, Mprotect(mapping + ((dataPages + 1) * page), page, ProtNone));
            Pointer = atEnd ? mapping + ((dataPages + 1) * page) - bytes : mapping + page;
        }

        public byte* Pointer { get; }

        public void Dispose() => Assert.Equal(0, Munmap(mapping, length));

        [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
        private static extern void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

        [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
        private static extern int Mprotect(void* address, nuint length, int protection);

        [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
        private static extern int Munmap(void* address, nuint length);
    }
}
