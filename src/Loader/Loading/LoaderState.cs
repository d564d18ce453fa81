using System.Runtime.InteropServices;

namespace Hpc.Loader;

/// <summary>
/// A checkpoint: the batch <see cref="BatchLoader.Next"/> will return next. Because every random choice is a pure
/// function of (seed, epoch, sample, op), these three numbers are the loader's whole state.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct LoaderState(ulong Seed, int Epoch, int BatchIndex);
