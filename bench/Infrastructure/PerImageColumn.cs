using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Hpc.Bench.Infrastructure;

/// <summary>
/// Turns BenchmarkDotNet's mean (ns per operation; every kernel benchmark processes one Size x Size image per
/// operation) into images/s and cycles/pixel, the units the floors in notes/simd-anchors.md are written in.
/// </summary>
internal sealed class PerImageColumn(PerImageColumn.Kind kind) : IColumn
{
    public enum Kind
    {
        ImagesPerSecond,
        CyclesPerPixelMeasured,
        CyclesPerPixelNominal,
    }

    public string Id => nameof(PerImageColumn) + "." + kind;

    public string ColumnName => kind switch
    {
        Kind.ImagesPerSecond => "img/s",
        Kind.CyclesPerPixelMeasured => string.Create(CultureInfo.InvariantCulture, $"cyc/px@{ClockProbe.MeasuredGhz:F2}GHz"),
        _ => string.Create(CultureInfo.InvariantCulture, $"cyc/px@{ClockProbe.NominalGhz:F1}GHz"),
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        Kind.ImagesPerSecond => "Images per second on one core (1e9 / Mean)",
        Kind.CyclesPerPixelMeasured => "Core cycles per pixel at the clock measured at start (dependent-multiply chain)",
        _ => "Cycles per pixel at the nominal 2.1 GHz TSC (a lower bound on the real count when the core boosts)",
    };

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (meanNs is not > 0)
        {
            return "-";
        }

        var size = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value as int? ?? 0;
        var pixels = (double)size * size;
        return kind switch
        {
            Kind.ImagesPerSecond => (1e9 / meanNs.Value).ToString("N0", CultureInfo.InvariantCulture),
            _ when pixels == 0 => "-",
            Kind.CyclesPerPixelMeasured => (meanNs.Value * ClockProbe.MeasuredGhz / pixels).ToString("F2", CultureInfo.InvariantCulture),
            _ => (meanNs.Value * ClockProbe.NominalGhz / pixels).ToString("F2", CultureInfo.InvariantCulture),
        };
    }

    public override string ToString() => ColumnName;
}
