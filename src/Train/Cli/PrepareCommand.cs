using System.CommandLine;
using Hpc.Loader;
using Hpc.Train.Cli.Imaging;
using Hpc.Train.Training;
using Spectre.Console;

namespace Hpc.Train.Cli;

/// <summary>
/// <c>hpc prepare</c>: converts an installed dataset into the loader's packed format. Downloads nothing: the
/// sources are Debian's Fashion-MNIST package, any IDX pair, or a folder of images by class subfolder.
/// </summary>
internal static class PrepareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var d = new TrainOptions();
        var dataDir = CliOptions.DataDir();
        var cacheDir = CliOptions.CacheDir();
        var images = CliOptions.Path("--images", "IDX images file (plain or .gz); with --labels and --output.");
        var labels = CliOptions.Path("--labels", "IDX labels file matching --images.");
        var folder = CliOptions.Path("--folder", "Image folder: <class>/<image>.png, or train/<class>/... and test/<class>/...");
        var output = CliOptions.Path("--output", "Packed file (IDX mode) or output folder (--folder mode).");
        var size = CliOptions.OptionalInt("--size", "Resize to size x size (Pillow bicubic).", 1, 4096);
        var testEvery = CliOptions.Int("--test-every", "--folder without train/test: every n-th image of each class goes to the test split.", 7, 2, 1_000_000);

        var command = new Command("prepare", "Convert an installed dataset (Fashion-MNIST, an IDX pair or an image folder) into the packed format.")
        {
            dataDir, cacheDir, images, labels, folder, output, size, testEvery,
        };
        command.SetAction(r =>
        {
            string? img = r.GetValue(images), lab = r.GetValue(labels), dir = r.GetValue(folder), outPath = r.GetValue(output);
            int? s = r.GetValue(size);
            if (dir is not null)
            {
                if (img is not null || lab is not null)
                    throw new UsageException("--folder cannot be combined with --images/--labels");
                PrepareFolder(console, dir, outPath ?? throw new UsageException("--folder needs --output <folder>"), s, r.GetValue(testEvery));
            }
            else if (img is not null || lab is not null)
            {
                PrepareIdx(console, img ?? throw new UsageException("--labels needs --images"),
                    lab ?? throw new UsageException("--images needs --labels"),
                    outPath ?? throw new UsageException("--images/--labels need --output <file>"), s);
            }
            else
            {
                PrepareFashionMnist(console, r.GetValue(dataDir)!, s ?? d.ImageSize, r.GetValue(cacheDir));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void PrepareFashionMnist(IAnsiConsole console, string dataDir, int size, string? cacheDir)
    {
        PreparedDataset p = DatasetLocator.Prepare(dataDir, size, cacheDir, console.Note);
        console.MarkupLine($"[green]prepared[/] Fashion-MNIST at {p.ImageSize}x{p.ImageSize}");
        console.MarkupLine($"  train: {Markup.Escape(p.TrainPacked)}");
        console.MarkupLine($"  test:  {Markup.Escape(p.TestPacked)}");
    }

    private static void PrepareIdx(IAnsiConsole console, string images, string labels, string output, int? size)
    {
        RequireFile("--images", images);
        RequireFile("--labels", labels);
        PackedFile.Prepare(images, labels, output, size);
        console.MarkupLine($"[green]prepared[/] {Markup.Escape(output)}");
    }

    /// <summary>
    /// Writes the splits as IDX files under Fashion-MNIST's names (so <c>hpc train --data-dir</c> takes the folder
    /// as is), the class names, and a packed file per split.
    /// </summary>
    internal static IReadOnlyList<string> PrepareFolder(IAnsiConsole console, string folder, string output, int? size, int testEvery)
    {
        if (!Directory.Exists(folder))
            throw new UsageException($"--folder: directory not found: {folder}");
        var splits = ImageFolder.Read(folder, size);
        if (splits.Count == 1)
            splits = HoldOut(splits[0], testEvery);
        Directory.CreateDirectory(output);
        var written = new List<string>();
        foreach (var split in splits)
        {
            // Fashion-MNIST names its test split t10k.
            string stem = split.Name == "test" ? "t10k" : "train";
            string imagesPath = Path.Combine(output, $"{stem}-images-idx3-ubyte");
            string labelsPath = Path.Combine(output, $"{stem}-labels-idx1-ubyte");
            IdxWriter.WriteImages(imagesPath, split.Images);
            IdxWriter.WriteLabels(labelsPath, split.Labels);
            string packed = Path.Combine(output, $"{split.Name}{PackedExtension}");
            PackedFile.Prepare(imagesPath, labelsPath, packed, null, split.ClassNames.Count);
            written.Add(packed);
            console.MarkupLine($"[green]prepared[/] {split.Name}: {split.Images.Count} images {split.Images[0].Width}x{split.Images[0].Height} -> {Markup.Escape(packed)}");
        }
        File.WriteAllLines(Path.Combine(output, ClassNamesFile), splits[0].ClassNames);
        console.MarkupLine($"  classes: {Markup.Escape(string.Join(", ", splits[0].ClassNames))}");
        return written;
    }

    internal const string PackedExtension = ".hpcpack";

    internal const string ClassNamesFile = "classes.txt";

    /// <summary>A deterministic split (every n-th image of each class, in file-name order) so reruns agree.</summary>
    private static IReadOnlyList<ImageFolderSplit> HoldOut(ImageFolderSplit all, int every)
    {
        var trainImages = new List<GrayImage>();
        var trainLabels = new List<byte>();
        var testImages = new List<GrayImage>();
        var testLabels = new List<byte>();
        var seen = new int[256];
        for (int i = 0; i < all.Images.Count; i++)
        {
            byte label = all.Labels[i];
            bool test = seen[label]++ % every == every - 1;
            (test ? testImages : trainImages).Add(all.Images[i]);
            (test ? testLabels : trainLabels).Add(label);
        }
        if (testImages.Count == 0)
            throw new InvalidDataException($"too few images for a test split (--test-every {every}); add a test/ folder or lower --test-every");
        return
        [
            all with { Images = trainImages, Labels = trainLabels },
            new ImageFolderSplit("test", testImages, testLabels, all.ClassNames),
        ];
    }

    private static void RequireFile(string option, string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"{option}: file not found: {path}");
    }
}
