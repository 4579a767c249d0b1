using System.Globalization;
using M1Parallel.Experiments.Statistics;

namespace M1Parallel.Experiments.Reports;

/// <summary>How the report writes numbers: invariant culture, "mean ± half-width" for estimates, "n/a" with a footnote mark for values the store lacks.</summary>
internal static class ReportFormat
{
    /// <summary>The mark of the footnote for values the store does not hold for some runs.</summary>
    public const string NotRecorded = "n/a¹";

    /// <summary>An integer.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The estimate scaled by <paramref name="factor"/> (mean and half-width).</summary>
    public static MeanEstimate Scale(MeanEstimate e, double factor) => e with { Mean = e.Mean * factor, HalfWidth = e.HalfWidth * factor };

    /// <summary>A share in [0, 1] as a percentage with its interval.</summary>
    public static string Percent(MeanEstimate e) => Scale(e, 100).Format("0.0");

    /// <summary>The estimate, or <see cref="NotRecorded"/> when the store lacks it.</summary>
    public static string OrNotRecorded(MeanEstimate? e, string format) => e?.Format(format) ?? NotRecorded;

    /// <summary>"1st", "2nd", "3rd", "4th", ...</summary>
    public static string Ordinal(int position) => position switch { 1 => "first", 2 => "second", 3 => "third", _ => Int(position) + "th" };
}
