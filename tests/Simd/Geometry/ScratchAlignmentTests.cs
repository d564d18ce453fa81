using System.Runtime.CompilerServices;
using Hpc.Simd.Filters;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The kernels' per-thread scratch planes start on 64-byte boundaries (so 64-pixel rows never straddle two cache
/// lines, as in the loader's own planes), have the asked length, and stay put: a second lease of a size already
/// seen allocates nothing and returns the same aligned start.
/// </summary>
public class ScratchAlignmentTests
{
    public static TheoryData<int> Lengths => [1, 63, 64, 65, 1000, 4096, 4097, 70_000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryKindStartsOnA64ByteBoundary(int length)
    {
        AssertAligned(Scratch.Bytes(length), length);
        AssertAligned(Scratch.Bytes2(length), length);
        AssertAligned(Scratch.Ints(length), length);
        AssertAligned(FilterScratch.Bytes(length), length);
    }

    [Fact]
    public unsafe void ALeaseOfASeenSizeAllocatesNothingAndKeepsItsStart()
    {
        Span<int> first = Scratch.Ints(5000);
        Span<byte> filter = FilterScratch.Bytes(5000);
        nint a = (nint)Unsafe.AsPointer(ref first[0]), b = (nint)Unsafe.AsPointer(ref filter[0]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Span<int> again = Scratch.Ints(4000);
        Span<byte> filterAgain = FilterScratch.Bytes(4000);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(a, (nint)Unsafe.AsPointer(ref again[0]));
        Assert.Equal(b, (nint)Unsafe.AsPointer(ref filterAgain[0]));
    }

    [Fact]
    public unsafe void AHugeLeaseIsAlignedButNotKept()
    {
        // One image past the retention limit gets its own array; the kept buffer, and so the next small lease's
        // start, stays what it was.
        nint ints = (nint)Unsafe.AsPointer(ref Scratch.Ints(5000)[0]), bytes = (nint)Unsafe.AsPointer(ref FilterScratch.Bytes(5000)[0]);
        int hugeInts = (Scratch.RetainedBytes / sizeof(int)) + 1, hugeBytes = Scratch.RetainedBytes + 1;
        AssertAligned(Scratch.Ints(hugeInts), hugeInts);
        AssertAligned(FilterScratch.Bytes(hugeBytes), hugeBytes);
        Assert.Equal(ints, (nint)Unsafe.AsPointer(ref Scratch.Ints(5000)[0]));
        Assert.Equal(bytes, (nint)Unsafe.AsPointer(ref FilterScratch.Bytes(5000)[0]));
    }

    private static unsafe void AssertAligned<T>(Span<T> span, int length)
        where T : unmanaged
    {
        Assert.Equal(length, span.Length);
        Assert.Equal(0, (nint)Unsafe.AsPointer(ref span[0]) & 63);
    }
}
