namespace Hpc.Simd.Tests;

/// <summary>
/// The allocation tests' definition of steady state: after warm-up, one round out of three allocates nothing on the
/// calling thread. The runtime itself sometimes allocates a few kilobytes once on a test thread while it tiers the
/// kernels up (seen in loaded parallel runs: 8,040 and 8,120 bytes, never twice); a kernel that allocates does so
/// in every round.
/// </summary>
internal static class SteadyState
{
    private const int Rounds = 3;

    /// <summary>Bytes the first clean round allocated (0), or the last round's count when none was clean.</summary>
    public static long AllocatedBytes(Action round)
    {
        long allocated = -1;
        for (int i = 0; i < Rounds && allocated != 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        return allocated;
    }
}
