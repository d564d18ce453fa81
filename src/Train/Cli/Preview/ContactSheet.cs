using Hpc.Train.Cli.Imaging;

namespace Hpc.Train.Cli.Preview;

/// <summary>
/// Where each original and its distorted copy go on a contact sheet: pairs side by side, <see cref="PairsPerRow"/>
/// pairs per row, on a mid-gray background so black image borders stay visible.
/// </summary>
public sealed record ContactSheetLayout(int Count, int OriginalWidth, int OriginalHeight, int OutputWidth, int OutputHeight, int Zoom, int PairsPerRow)
{
    public const int Margin = 8;
    public const int InnerGap = 2;
    public const int PairGap = 12;
    public const byte Background = 128;

    public int Columns => Math.Min(Count, PairsPerRow);

    public int Rows => (Count + PairsPerRow - 1) / PairsPerRow;

    private int PairWidth => (OriginalWidth * Zoom) + InnerGap + (OutputWidth * Zoom);

    private int RowHeight => Math.Max(OriginalHeight, OutputHeight) * Zoom;

    public int Width => (2 * Margin) + (Columns * PairWidth) + ((Columns - 1) * PairGap);

    public int Height => (2 * Margin) + (Rows * RowHeight) + ((Rows - 1) * PairGap);

    public (int X, int Y) Original(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Count);
        return (Margin + (i % PairsPerRow * (PairWidth + PairGap)), Margin + (i / PairsPerRow * (RowHeight + PairGap)));
    }

    public (int X, int Y) Distorted(int i)
    {
        var (x, y) = Original(i);
        return (x + (OriginalWidth * Zoom) + InnerGap, y);
    }

    public static ContactSheetLayout Create(int count, int originalWidth, int originalHeight, int outputWidth, int outputHeight, int zoom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(zoom, 1);
        // Four pairs per row keeps the sheet roughly square for the usual 8 to 32 samples.
        return new ContactSheetLayout(count, originalWidth, originalHeight, outputWidth, outputHeight, zoom, PairsPerRow: 4);
    }
}

/// <summary>Draws the sheet from raw 8-bit planes.</summary>
public static class ContactSheet
{
    public static GrayImage Compose(ContactSheetLayout layout, IReadOnlyList<byte[]> originals, IReadOnlyList<byte[]> distorted)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(distorted);
        if (originals.Count != layout.Count || distorted.Count != layout.Count)
            throw new ArgumentException($"layout is for {layout.Count} pairs, got {originals.Count} originals and {distorted.Count} distorted", nameof(originals));
        var sheet = new GrayImage(layout.Width, layout.Height);
        sheet.Pixels.AsSpan().Fill(ContactSheetLayout.Background);
        for (int i = 0; i < layout.Count; i++)
        {
            var (ox, oy) = layout.Original(i);
            sheet.Blit(originals[i], layout.OriginalWidth, layout.OriginalHeight, ox, oy, layout.Zoom);
            var (dx, dy) = layout.Distorted(i);
            sheet.Blit(distorted[i], layout.OutputWidth, layout.OutputHeight, dx, dy, layout.Zoom);
        }
        return sheet;
    }
}
