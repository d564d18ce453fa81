using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Hpc.Loader;

internal unsafe interface IDatasetStorage : IDisposable
{
    byte* Images { get; }
    int* Labels { get; }
    bool IsDisposed { get; }
}

/// <summary>
/// Images and labels in one aligned native block, on transparent huge pages and locked in RAM where the OS lets us.
/// </summary>
internal sealed unsafe partial class NativeStorage : IDatasetStorage
{
    private readonly nuint _bytes;
    private byte* _block;

    public NativeStorage(int count, int stride, ILogger? logger)
    {
        long imageBytes = (long)count * stride;
        long labelBytes = Dataset.AlignUp(checked(count * sizeof(int)), 64);
        _bytes = (nuint)(imageBytes + labelBytes);
        _block = (byte*)NativeAllocations.AlignedAllocHuge(_bytes, out bool hugePages);
        HugePages = hugePages;
        Images = _block;
        Labels = (int*)(_block + imageBytes);
        Locked = TryLock(logger);
    }

    public byte* Images { get; }
    public int* Labels { get; }
    public bool Locked { get; }

    /// <summary>
    /// The block was advised onto huge pages and the kernel gives them to advised regions (it may still back parts of
    /// the block with small pages when it cannot find free 2 MiB frames).
    /// </summary>
    public bool HugePages { get; }

    public bool IsDisposed => _block == null;

    private bool TryLock(ILogger? maybeLogger)
    {
        ILogger logger = maybeLogger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        if (!Libc.IsLinux)
        {
            LogNotLocked(logger, (long)_bytes, "not Linux");
            return false;
        }

        try
        {
            if (Libc.MLock(_block, _bytes) == 0)
            {
                return true;
            }

            LogNotLocked(logger, (long)_bytes, $"mlock errno {Marshal.GetLastPInvokeError()} (RLIMIT_MEMLOCK?)");
        }
        catch (EntryPointNotFoundException)
        {
            LogNotLocked(logger, (long)_bytes, "mlock unavailable");
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dataset arena of {Bytes} bytes is not locked in RAM ({Reason}); pages may be swapped.")]
    private static partial void LogNotLocked(ILogger logger, long bytes, string reason);

    public void Dispose()
    {
        byte* b = _block;
        if (b == null)
        {
            return;
        }

        _block = null;
        if (Locked)
        {
            Libc.MUnlock(b, _bytes);
        }

        NativeAllocations.AlignedFree(b, _bytes, 64);
    }
}

/// <summary>A read-only mapping of a packed file; the loader advises pages in ahead and out behind.</summary>
internal sealed unsafe class MappedStorage : IDatasetStorage
{
    private readonly FileStream _file;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _length;
    private readonly long _imagesOffset;
    private int _disposed;

    public MappedStorage(string path, long imagesOffset, long labelsOffset)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        _length = _file.Length;
        _map = MemoryMappedFile.CreateFromFile(_file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + _view.PointerOffset;
        _imagesOffset = imagesOffset;
        Images = _base + imagesOffset;
        Labels = (int*)(_base + labelsOffset);

        // The loader hints every page it wants (WILLNEED) and drops every page it is done with; kernel readahead
        // and fault-around would map neighbours nobody releases, so resident memory would creep up.
        Libc.AdviseRange(_base, _length, 0, _length, Libc.MadvRandom);
    }

    public byte* Images { get; }
    public int* Labels { get; }
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Unmaps every image page from this process (the page cache keeps them). Page-cache folios can be large and a
    /// fault may map a whole folio, i.e. neighbours far ahead of the sampler that no per-record release would
    /// catch; sweeping the range bounds resident memory whatever the kernel maps. Pages in use fault back in cheaply.
    /// </summary>
    public void UnmapAllImages()
    {
        if (!IsDisposed)
        {
            Libc.AdviseRange(_base, _length, _imagesOffset, _length - _imagesOffset, Libc.MadvDontNeed);
        }
    }

    /// <summary>Advice on an image byte range relative to the first record.</summary>
    public void Advise(long offset, long length, bool release)
    {
        if (IsDisposed)
        {
            return;
        }

        long fileOffset = _imagesOffset + offset;
        Libc.AdviseRange(_base, _length, fileOffset, length, release ? Libc.MadvDontNeed : Libc.MadvWillNeed);
        if (release && Libc.IsLinux)
        {
            try
            {
                // Also drop the page cache so a file larger than RAM does not push everything else out.
                Libc.PosixFadvise((int)_file.SafeFileHandle.DangerousGetHandle(), fileOffset, length, Libc.PosixFadvDontNeed);
            }
            catch (EntryPointNotFoundException)
            {
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        _file.Dispose();
    }
}
