using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Hpc.Train.Interop;

/// <summary>Raw addresses of TorchSharp tensor memory.</summary>
public static unsafe class TensorMemory
{
    /// <summary>
    /// Address of the first element of a contiguous CPU tensor. TorchSharp 0.107 exposes
    /// <c>storage&lt;T&gt;().data_ptr()</c> only for a few element types (not Half/BFloat16), and that call makes a
    /// dtype-converted tensor on the side; the <c>bytes</c> view is the same memory for every dtype.
    /// </summary>
    public static nint DataPointer(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.device_type != DeviceType.CPU)
        {
            throw new ArgumentException($"Tensor is on {tensor.device}, not the CPU.", nameof(tensor));
        }

        if (!tensor.is_contiguous())
        {
            throw new ArgumentException("Tensor is not contiguous.", nameof(tensor));
        }

        Span<byte> bytes = tensor.bytes;
        return bytes.IsEmpty ? 0 : (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));
    }
}
