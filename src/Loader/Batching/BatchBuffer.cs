using System.Runtime.InteropServices;

namespace Hpc.Loader;

/// <summary>
/// One ring slot's memory: the image tensor at <see cref="Images"/>, the int64 labels at <see cref="Labels"/>.
/// <see cref="Owner"/> is whatever the allocator wants to find again (e.g. the host's tensor).
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct BatchBuffer(nint Images, nint Labels, object? Owner);
