using System.Buffers.Binary;
using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Loader.Tests;

public class DatasetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IdxLoadsPlainAndGzipWithAlignedRecords(bool gzip)
    {
        using var dir = new TempDir();
        (byte[] p, int[] l) = TestData.Make(50, 28, 28);
        TestData.WriteIdx(dir.File("i"), dir.File("l"), p, l, 28, 28, gzip);
        using Dataset ds = Dataset.LoadIdx(dir.File("i"), dir.File("l"));
        Assert.Equal(50, ds.Count);
        Assert.Equal(28, ds.Height);
        Assert.Equal(10, ds.NumClasses);
        Assert.Equal(0, ds.RecordStride % 64);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(p.AsSpan(i * 784, 784).ToArray(), ds.Image(i).ToArray().Cast<byte>().ToArray());
            Assert.Equal(l[i], ds.Label(i));
        }
    }

    [Theory]
    [InlineData(DatasetOpenMode.Load)]
    [InlineData(DatasetOpenMode.Map)]
    public void PackedRoundTripsIdx(DatasetOpenMode mode)
    {
        using var dir = new TempDir();
        (byte[] p, int[] l) = TestData.Make(70, 28, 28);
        TestData.WriteIdx(dir.File("i.gz"), dir.File("l.gz"), p, l, 28, 28, gzip: true);
        PackedFile.Prepare(dir.File("i.gz"), dir.File("l.gz"), dir.File("d.hpk"));
        Assert.Single(Directory.GetFiles(dir.Path, "d.hpk*"));
        using Dataset ds = Dataset.OpenPacked(dir.File("d.hpk"), mode);
        Assert.Equal(mode == DatasetOpenMode.Map, ds.IsMapped);
        Assert.Equal(70, ds.Count);
        for (int i = 0; i < 70; i++)
        {
            Assert.Equal(p.AsSpan(i * 784, 784).ToArray(), ds.Image(i).ToArray().Cast<byte>().ToArray());
            Assert.Equal(l[i], ds.Label(i));
        }
    }

    [Fact]
    public void PrepareResizesWithThePillowBicubicKernel()
    {
        using var dir = new TempDir();
        (byte[] p, int[] l) = TestData.Make(6, 28, 28);
        TestData.WriteIdx(dir.File("i"), dir.File("l"), p, l, 28, 28, gzip: false);
        PackedFile.Prepare(dir.File("i"), dir.File("l"), dir.File("d.hpk"), size: 64);
        using Dataset ds = Dataset.OpenPacked(dir.File("d.hpk"));
        Assert.Equal((64, 64), (ds.Height, ds.Width));
        for (int i = 0; i < 6; i++)
        {
            var expected = new byte[64 * 64];
            ScaleTranslate.Apply(new ReadOnlySpan2D<byte>(p, i * 784, 28, 28, 0), new Span2D<byte>(expected, 64, 64), 64, 64, 0, 0);
            Assert.Equal(expected, ds.Image(i).ToArray().Cast<byte>().ToArray());
        }
    }

    [Fact]
    public void IdxRejectsWrongMagicTruncationCountMismatchAndBadLabels()
    {
        using var dir = new TempDir();
        (byte[] p, int[] l) = TestData.Make(20, 28, 28);
        TestData.WriteIdx(dir.File("i"), dir.File("l"), p, l, 28, 28, gzip: false);

        // Swapped files: each has the other's magic.
        var e = Assert.Throws<InvalidDataException>(() => Dataset.LoadIdx(dir.File("l"), dir.File("i")));
        Assert.Contains("wrong magic", e.Message, StringComparison.Ordinal);
        Assert.Contains("offset 0", e.Message, StringComparison.Ordinal);

        byte[] full = File.ReadAllBytes(dir.File("i"));
        File.WriteAllBytes(dir.File("short"), full[..(full.Length - 100)]);
        e = Assert.Throws<InvalidDataException>(() => Dataset.LoadIdx(dir.File("short"), dir.File("l")));
        Assert.Contains(dir.File("short"), e.Message, StringComparison.Ordinal);
        Assert.Contains($"truncated at offset {full.Length - 100}", e.Message, StringComparison.Ordinal);

        TestData.WriteIdx(dir.File("i2"), dir.File("l2"), p[..(19 * 784)], l[..19], 28, 28, gzip: false);
        e = Assert.Throws<InvalidDataException>(() => Dataset.LoadIdx(dir.File("i"), dir.File("l2")));
        Assert.Contains("20 images", e.Message, StringComparison.Ordinal);
        Assert.Contains("19 labels", e.Message, StringComparison.Ordinal);

        int[] bad = (int[])l.Clone();
        bad[13] = 12;
        TestData.WriteIdx(dir.File("i3"), dir.File("l3"), p, bad, 28, 28, gzip: false);
        e = Assert.Throws<InvalidDataException>(() => Dataset.LoadIdx(dir.File("i3"), dir.File("l3"), numClasses: 10));
        Assert.Contains(dir.File("l3"), e.Message, StringComparison.Ordinal);
        Assert.Contains("offset 21", e.Message, StringComparison.Ordinal);

        TestData.WriteMaybeGzip(dir.File("gz"), full, gzip: true);
        byte[] gz = File.ReadAllBytes(dir.File("gz"));
        File.WriteAllBytes(dir.File("gz-cut"), gz[..(gz.Length / 2)]);
        e = Assert.Throws<InvalidDataException>(() => Dataset.LoadIdx(dir.File("gz-cut"), dir.File("l")));
        Assert.Contains(dir.File("gz-cut"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PackedRejectsEachKindOfCorruption()
    {
        using var dir = new TempDir();
        using (Dataset src = TestData.Dataset(40))
        {
            PackedFile.Write(src, dir.File("ok"), 28, 28);
        }

        byte[] ok = File.ReadAllBytes(dir.File("ok"));
        string Corrupt(string name, Action<byte[]> edit, int? length = null)
        {
            byte[] b = ok[..(length ?? ok.Length)];
            edit(b);
            File.WriteAllBytes(dir.File(name), b);
            return dir.File(name);
        }

        void Rejects(string path, string fragment, DatasetOpenMode mode = DatasetOpenMode.Load)
        {
            var e = Assert.Throws<InvalidDataException>(() => Dataset.OpenPacked(path, mode));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        }

        Rejects(Corrupt("magic", b => b[0] = (byte)'X'), "wrong magic");
        Rejects(Corrupt("version", b => b[8] = 9), "version 9 at offset 8");
        Rejects(Corrupt("header", b => b[20] ^= 1), "header checksum mismatch at offset 72");
        Rejects(Corrupt("truncated", _ => { }, ok.Length - 64), "truncated at offset", DatasetOpenMode.Map);
        Rejects(Corrupt("tiny", _ => { }, 30), "truncated at offset 30");
        Rejects(Corrupt("pixel", b => b[PackedFile.ImagesOffset + 100] ^= 0x40), "data checksum mismatch");

        // A label out of range in a file whose checksums are consistent (as a buggy writer would produce).
        byte[] withLabel = (byte[])ok.Clone();
        long labelsOffset = BinaryPrimitives.ReadInt64LittleEndian(withLabel.AsSpan(56));
        BinaryPrimitives.WriteInt32LittleEndian(withLabel.AsSpan((int)labelsOffset + (4 * 5)), 77);
        var sum = Checksum64.Create();
        sum.Append(withLabel.AsSpan(PackedFile.ImagesOffset));
        BinaryPrimitives.WriteUInt64LittleEndian(withLabel.AsSpan(64), sum.Finish());
        BinaryPrimitives.WriteUInt64LittleEndian(withLabel.AsSpan(72), Checksum64.Of(withLabel.AsSpan(0, 72)));
        File.WriteAllBytes(dir.File("label"), withLabel);
        Rejects(dir.File("label"), $"label 77 at offset {labelsOffset + 20}");
        Rejects(dir.File("label"), $"label 77 at offset {labelsOffset + 20}", DatasetOpenMode.Map);
    }

    [Fact]
    public void ChecksumDoesNotDependOnHowTheDataIsSplit()
    {
        byte[] data = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 31))];
        var split = Checksum64.Create();
        split.Append(data.AsSpan(0, 7));
        split.Append(data.AsSpan(7, 100));
        split.Append(data.AsSpan(107));
        Assert.Equal(Checksum64.Of(data), split.Finish());
        data[500] ^= 1;
        Assert.NotEqual(Checksum64.Of(data), split.Finish());
    }

    [Fact]
    public void FashionMnistLoadsWhenInstalled()
    {
        const string dir = "/usr/share/datasets/fashion-mnist";
        if (!File.Exists(Path.Combine(dir, "t10k-images-idx3-ubyte.gz")))
        {
            return; // CI installs the data set; a developer machine may not have it.
        }

        using Dataset ds = Dataset.LoadIdx(Path.Combine(dir, "t10k-images-idx3-ubyte.gz"), Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(10000, ds.Count);
        Assert.Equal((28, 28, 10), (ds.Height, ds.Width, ds.NumClasses));
        Assert.Equal(1000, Enumerable.Range(0, ds.Count).Count(i => ds.Label(i) == 3));
        using var loader = new BatchLoader(ds, new LoaderOptions { BatchSize = 250, Threads = 2, Seed = 1, ElementType = BatchElementType.UInt8, Policy = AugmentationPolicy.None });
        using Batch b = loader.Next();
        for (int j = 0; j < b.Count; j++)
        {
            (int sample, _) = loader.SampleAt(0, 0, j);
            Assert.Equal(ds.Label(sample), b.Labels[j]);
            Assert.True(b.Images<byte>().Slice(j * 784, 784).SequenceEqual(ds.Image(sample).ToArray().Cast<byte>().ToArray()));
        }
    }
}
