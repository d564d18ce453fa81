using CommunityToolkit.HighPerformance;
using Hpc.Simd.Geometry;

namespace Hpc.Train.Cli.Imaging;

/// <summary>One split read from an image folder: grayscale images of one size, their labels and the class names.</summary>
public sealed record ImageFolderSplit(string Name, IReadOnlyList<GrayImage> Images, IReadOnlyList<byte> Labels, IReadOnlyList<string> ClassNames);

/// <summary>
/// Reads the torchvision <c>ImageFolder</c> layout: one subfolder per class (sorted ordinally, label = index), image
/// files inside. A folder holding <c>train/</c> and <c>test/</c> with that layout gives both splits.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    public static IReadOnlyList<ImageFolderSplit> Read(string root, int? size)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"image folder not found: {root}");
        string train = Path.Combine(root, "train"), test = Path.Combine(root, "test");
        if (Directory.Exists(train) && Directory.Exists(test) && HasClassFolders(train) && HasClassFolders(test))
        {
            ImageFolderSplit a = ReadSplit("train", train, size, null);
            ImageFolderSplit b = ReadSplit("test", test, size, a.ClassNames);
            if (a.Images[0].Width != b.Images[0].Width || a.Images[0].Height != b.Images[0].Height)
                throw new InvalidDataException($"{root}: train images are {a.Images[0].Width}x{a.Images[0].Height} but test images are {b.Images[0].Width}x{b.Images[0].Height}; pass --size");
            return [a, b];
        }
        return [ReadSplit("train", root, size, null)];
    }

    private static bool HasClassFolders(string dir) => Directory.EnumerateDirectories(dir).Any();

    private static ImageFolderSplit ReadSplit(string name, string dir, int? size, IReadOnlyList<string>? expectedClasses)
    {
        string[] classDirs = Directory.GetDirectories(dir);
        Array.Sort(classDirs, StringComparer.Ordinal);
        if (classDirs.Length == 0)
            throw new InvalidDataException($"{dir}: no class subfolders (expected {dir}/<class>/<image>.png)");
        if (classDirs.Length > 256)
            throw new InvalidDataException($"{dir}: {classDirs.Length} class folders; labels are bytes, at most 256 classes");
        string[] classes = [.. classDirs.Select(Path.GetFileName).Select(n => n!)];
        if (expectedClasses is not null && !classes.SequenceEqual(expectedClasses, StringComparer.Ordinal))
            throw new InvalidDataException($"{dir}: class folders [{string.Join(", ", classes)}] differ from train's [{string.Join(", ", expectedClasses)}]");

        var images = new List<GrayImage>();
        var labels = new List<byte>();
        string? firstPath = null;
        for (int c = 0; c < classDirs.Length; c++)
        {
            string[] files = [.. Directory.EnumerateFiles(classDirs[c])
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))];
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string file in files)
            {
                GrayImage image = GrayPng.Read(file);
                if (size is { } s)
                    image = Resize(image, s);
                else if (images.Count > 0 && (image.Width != images[0].Width || image.Height != images[0].Height))
                    throw new InvalidDataException($"{file} is {image.Width}x{image.Height} but {firstPath} is {images[0].Width}x{images[0].Height}; pass --size to resize all images");
                firstPath ??= file;
                images.Add(image);
                labels.Add((byte)c);
            }
        }
        if (images.Count == 0)
            throw new InvalidDataException($"{dir}: no images ({string.Join(", ", Extensions)}) in its class folders");
        return new ImageFolderSplit(name, images, labels, classes);
    }

    /// <summary>Pillow's <c>resize((s, s), BICUBIC)</c>, the same kernel the loader uses, so both paths agree.</summary>
    public static GrayImage Resize(GrayImage image, int size)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (image.Width == size && image.Height == size)
            return image;
        var dst = new GrayImage(size, size);
        ScaleTranslate.Apply(
            new ReadOnlySpan2D<byte>(image.Pixels, image.Height, image.Width),
            new Span2D<byte>(dst.Pixels, size, size),
            size, size, 0, 0);
        return dst;
    }
}
