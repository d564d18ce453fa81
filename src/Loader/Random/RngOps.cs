namespace Hpc.Loader;

/// <summary>
/// The op part of an RNG key. Built-in consumers use fixed ids; stage s, op o of a policy use
/// <see cref="ForOp"/>, so adding an op to one stage never shifts another stage's numbers.
/// </summary>
public static class RngOps
{
    /// <summary>The epoch permutation (counter = position).</summary>
    public const uint Shuffle = 0xF000_0001;

    /// <summary>The block permutation of the quasi-random order.</summary>
    public const uint BlockShuffle = 0xF000_0002;

    /// <summary>The within-window shuffle of the quasi-random order.</summary>
    public const uint WindowShuffle = 0xF000_0003;

    /// <summary>The stream that decides whether stage <paramref name="stage"/> runs and which op it picks.</summary>
    public static uint ForStageChoice(int stage) => 0x0100_0000u + (uint)stage;

    /// <summary>The stream handed to op <paramref name="op"/> of stage <paramref name="stage"/>.</summary>
    public static uint ForOp(int stage, int op) => 0x0200_0000u + ((uint)stage << 12) + (uint)op;
}
