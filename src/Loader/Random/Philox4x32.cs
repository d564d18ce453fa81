using System.Runtime.CompilerServices;

namespace Hpc.Loader;

/// <summary>
/// Philox4x32-10 (Salmon et al., SC'11, the Random123 generator): a pure function of a 128-bit counter and a
/// 64-bit key. Being stateless is the point: any thread can compute any sample's numbers, so output does not
/// depend on the thread count or on what ran before.
/// </summary>
public static class Philox4x32
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    /// <summary>Encrypts the counter (c0..c3) under the key (k0, k1) with 10 rounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int r = 0; r < 10; r++)
        {
            if (r > 0)
            {
                k0 += W0;
                k1 += W1;
            }

            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n1 = (uint)p1;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            uint n3 = (uint)p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }

        return (c0, c1, c2, c3);
    }
}
