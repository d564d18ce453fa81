using System.Buffers.Binary;
using System.Text;

namespace Hpc.Simd.Tests.Filters;

/// <summary>One golden file written by Golden/make_filters_golden.py from Pillow 9.4.</summary>
internal sealed record PillowGolden(string Name, int Height, int Width, byte[] Input, IReadOnlyDictionary<string, byte[]> Outputs)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Golden", "filters");

    public static IEnumerable<PillowGolden> All() =>
        System.IO.Directory.GetFiles(Directory, "*.bin").Order(StringComparer.Ordinal).Select(Load);

    public static PillowGolden Load(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        if (data.Length < 16 || Encoding.ASCII.GetString(data, 0, 4) != "HPCF")
        {
            throw new InvalidDataException($"{path}: not a filter golden file (bad magic at offset 0).");
        }

        int h = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(4));
        int w = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(8));
        int count = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(12));
        int at = 16;
        byte[] input = data.AsSpan(at, h * w).ToArray();
        at += h * w;
        var outputs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at));
            string name = Encoding.ASCII.GetString(data, at + 4, length);
            at += 4 + length;
            outputs[name] = data.AsSpan(at, h * w).ToArray();
            at += h * w;
        }

        if (at != data.Length)
        {
            throw new InvalidDataException($"{path}: {data.Length - at} trailing bytes at offset {at}.");
        }

        return new PillowGolden(Path.GetFileNameWithoutExtension(path), h, w, input, outputs);
    }
}
