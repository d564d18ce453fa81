using TorchSharp;
using static TorchSharp.torch;

namespace Hpc.Train.Training;

/// <summary>Resolves the --device option and applies the process-wide TorchSharp settings.</summary>
internal static class TorchDevice
{
    // Asked once: Seed runs every step and the answer cannot change within a process.
    private static readonly Lazy<bool> CudaAvailable = new(cuda.is_available);

    public static Device Resolve(string device) => device switch
    {
        "cpu" => CPU,
        "cuda" => cuda.is_available()
            ? CUDA
            : throw new ArgumentException("Device 'cuda' requested but TorchSharp sees no CUDA device (this build uses the "
                + "TorchSharp-cpu package unless built with -p:HpcTorchBackend=cuda-linux or cuda-windows).", nameof(device)),
        "auto" => cuda.is_available() ? CUDA : CPU,
        _ => throw new ArgumentException($"Device must be auto, cpu or cuda, not '{device}'.", nameof(device)),
    };

    /// <summary>
    /// Same seed + same thread count = same losses on the CPU: libtorch's CPU kernels split work statically by
    /// thread count, so only the count (not the timing) changes the float summation order.
    /// use_deterministic_algorithms is not implemented in TorchSharp 0.107.
    /// </summary>
    public static void SetThreads(int threads)
    {
        if (torch.get_num_threads() != threads)
        {
            torch.set_num_threads(threads);
        }
    }

    /// <summary>Seeds the CPU and every CUDA generator (manual_seed alone only seeds the CPU one).</summary>
    public static void Seed(long seed)
    {
        torch.manual_seed(seed);
        if (CudaAvailable.Value)
        {
            torch.cuda.manual_seed_all(seed);
        }
    }

    /// <summary>SplitMix64 finaliser: a well-spread, platform-independent 63-bit seed from (seed, stream, index).</summary>
    public static long Mix(ulong seed, ulong stream, ulong index)
    {
        ulong z = seed + (0x9E3779B97F4A7C15UL * (stream + 1)) + (index * 0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (long)(z >> 1);
    }
}
