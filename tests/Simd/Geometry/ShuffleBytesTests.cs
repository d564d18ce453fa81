using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Hpc.Simd.Geometry;

namespace Hpc.Simd.Tests.Geometry;

/// <summary>
/// The contract of the shuffle engines' byte registers (<see cref="IShuffleBytes{TSelf}"/>), checked lane by lane for
/// every index byte: the engines rely on it where their own tests may not reach every value (an out-of-chunk index
/// of 0x80 or 0xFF, a lane past the block), and a new width (an ARM64 run, say) answers here first. Each width runs
/// where it is accelerated, and the tests hold that to the ISA the leg leaves on.
/// </summary>
[Trait("Category", "Isa")]
public class ShuffleBytesTests
{
    [Fact]
    public void Avx2RegisterKeepsTheContract()
    {
        Assert.Equal(Avx2.IsSupported, ShuffleBytes256.IsSupported);
        if (ShuffleBytes256.IsSupported)
        {
            Check<ShuffleBytes256>();
        }
    }

    [Fact]
    public void PortableRegisterKeepsTheContract()
    {
        Assert.Equal(Vector128.IsHardwareAccelerated, ShuffleBytes128.IsSupported);
        if (ShuffleBytes128.IsSupported)
        {
            Check<ShuffleBytes128>();
        }
    }

    private static void Check<T>()
        where T : struct, IShuffleBytes<T>
    {
        int n = T.Count;
        Assert.Equal(Unsafe.SizeOf<T>(), n);
        byte[] chunk = new byte[16];
        for (int i = 0; i < 16; i++)
        {
            chunk[i] = (byte)(0xA0 + i);
        }

        T table = Load<T>(chunk);
        for (int index = 0; index < 256; index++)
        {
            // OutsideToZero keeps what [0, 15] reads and makes anything else read zero, in every lane.
            byte[] got = Bytes(T.Shuffle(table, T.OutsideToZero(T.Create((byte)index))));
            byte expected = index < 16 ? chunk[index] : (byte)0;
            Assert.True(got.All(b => b == expected), $"{typeof(T).Name}: index {index} read {got[0]:X2}, expected {expected:X2}");
        }

        // Lane i looks up index i mod 16: the chunk is in every 128-bit lane.
        byte[] lanes = Bytes(T.Shuffle(table, Iota<T>(16)));
        Assert.Equal(Enumerable.Range(0, n).Select(i => chunk[i % 16]), lanes);

        byte[] a = Enumerable.Range(0, n).Select(i => (byte)i).ToArray(), b = Enumerable.Range(0, n).Select(i => (byte)(200 - i)).ToArray();
        byte[] mask = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? (byte)0xFF : (byte)0).ToArray();
        byte[] selected = Bytes(T.Select(Load<T>(mask), Load<T>(a), Load<T>(b)));
        Assert.Equal(Enumerable.Range(0, n).Select(i => i % 3 == 0 ? a[i] : b[i]), selected);
        Assert.Equal(Enumerable.Range(0, n).Select(i => a[i] == b[i] ? (byte)0xFF : (byte)0), Bytes(T.Equals(Load<T>(a), Load<T>(b))));
        Assert.Equal(Enumerable.Range(0, n).Select(i => Math.Min(a[i], b[i])), Bytes(T.Min(Load<T>(a), Load<T>(b))));
        Assert.Equal(Enumerable.Range(0, n).Select(i => Math.Max(a[i], b[i])), Bytes(T.Max(Load<T>(a), Load<T>(b))));
        Assert.Equal(Enumerable.Range(0, n).Select(i => (byte)(a[i] - b[i])), Bytes(Load<T>(a) - Load<T>(b)));

        // The block store: Count/th columns by th rows at the given stride, lanes in row order, nothing else written.
        foreach (int th in new[] { 1, 2, 4 })
        {
            int tw = n / th, stride = tw + 5;
            byte[] target = new byte[(th + 1) * stride];
            Array.Fill(target, (byte)0x5A);
            T.Store(Load<T>(a), ref target[stride], stride, th);
            for (int p = 0; p < target.Length; p++)
            {
                int row = (p / stride) - 1, column = p % stride;
                byte want = row >= 0 && column < tw ? a[(row * tw) + column] : (byte)0x5A;
                Assert.True(target[p] == want, $"{typeof(T).Name}: th {th}, byte {p} is {target[p]:X2}, expected {want:X2}");
            }
        }
    }

    private static unsafe T Load<T>(byte[] bytes)
        where T : struct, IShuffleBytes<T>
    {
        fixed (byte* p = bytes)
        {
            return T.Count == bytes.Length ? Unsafe.ReadUnaligned<T>(p) : T.Chunk(p);
        }
    }

    private static T Iota<T>(int modulo)
        where T : struct, IShuffleBytes<T> =>
        Load<T>(Enumerable.Range(0, T.Count).Select(i => (byte)(i % modulo)).ToArray());

    private static byte[] Bytes<T>(T v)
        where T : struct, IShuffleBytes<T> =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in v)).ToArray();
}
