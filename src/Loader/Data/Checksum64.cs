using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hpc.Loader;

/// <summary>
/// A fast 64-bit non-cryptographic checksum (four independent multiply-rotate lanes, then a mix). It only has to
/// catch truncation, bit rot and editing mistakes in packed files, and must give the same value on every machine,
/// which is why it reads little-endian words explicitly.
/// </summary>
[SkipLocalsInit]
internal struct Checksum64
{
    private const ulong P1 = 0x9E3779B185EBCA87UL;
    private const ulong P2 = 0xC2B2AE3D27D4EB4FUL;
    private ulong _a;
    private ulong _b;
    private ulong _c;
    private ulong _d;
    private ulong _length;
    private Pending32 _pending;
    private int _pendingBytes;

    public static Checksum64 Create() => new() { _a = P1, _b = P2, _c = 0x165667B19E3779F9UL, _d = 0x27D4EB2F165667C5UL };

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        while (_pendingBytes != 0 && !data.IsEmpty)
        {
            int take = Math.Min(32 - _pendingBytes, data.Length);
            data[..take].CopyTo(((Span<byte>)_pending)[_pendingBytes..]);
            _pendingBytes += take;
            data = data[take..];
            if (_pendingBytes == 32)
            {
                Block(MemoryMarshal.Cast<byte, ulong>((ReadOnlySpan<byte>)_pending));
                _pendingBytes = 0;
            }
        }

        int whole = data.Length / 32 * 32;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data[..whole]);
        for (int i = 0; i < words.Length; i += 4)
        {
            Block(words.Slice(i, 4));
        }

        data[whole..].CopyTo(_pending);
        _pendingBytes = data.Length - whole;
    }

    public readonly ulong Finish()
    {
        ulong h = BitOperations.RotateLeft(_a, 1) + BitOperations.RotateLeft(_b, 7) + BitOperations.RotateLeft(_c, 12) + BitOperations.RotateLeft(_d, 18);
        ReadOnlySpan<byte> rest = ((ReadOnlySpan<byte>)_pending)[.._pendingBytes];
        foreach (byte x in rest)
        {
            h = (h ^ x) * P1;
        }

        h ^= _length;
        h ^= h >> 33;
        h *= P2;
        h ^= h >> 29;
        h *= P1;
        return h ^ (h >> 32);
    }

    public static ulong Of(ReadOnlySpan<byte> data)
    {
        var c = Create();
        c.Append(data);
        return c.Finish();
    }

    private void Block(ReadOnlySpan<ulong> w)
    {
        _a = Round(_a, Le(w[0]));
        _b = Round(_b, Le(w[1]));
        _c = Round(_c, Le(w[2]));
        _d = Round(_d, Le(w[3]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Le(ulong v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong acc, ulong v) => BitOperations.RotateLeft(acc + (v * P2), 31) * P1;
}

[InlineArray(32)]
internal struct Pending32
{
    private byte _b0;
}
