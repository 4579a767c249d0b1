using ScottPlot;
using SkiaSharp;

namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>What every report figure shares: size, font, a colour-blind-safe palette, title and axis labels.</summary>
internal static class ChartStyle
{
    /// <summary>Height of every figure in SVG units.</summary>
    public const int Height = 420;

    /// <summary>Paul Tol's bright palette: distinguishable in colour-blind vision and in greyscale print.</summary>
    private static readonly Color[] Palette =
        [Color.FromHex("#4477AA"), Color.FromHex("#EE6677"), Color.FromHex("#228833"), Color.FromHex("#CCBB44"), Color.FromHex("#66CCEE"), Color.FromHex("#AA3377"), Color.FromHex("#BBBBBB")];

    /// <summary>The first installed of the usual sans-serif families, so figures look the same wherever one is found.</summary>
    private static readonly string Font = PickFont();

    /// <summary>The <paramref name="index"/>th palette colour, wrapping around.</summary>
    public static Color Colour(int index) => Palette[index % Palette.Length];

    /// <summary>Width for <paramref name="columns"/> labelled columns: at least 720 units, 36 per column beyond that.</summary>
    public static int WidthFor(int columns) => Math.Clamp(140 + (36 * columns), 720, 4000);

    /// <summary>A plot with the report's font, <paramref name="title"/> and axis labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Labels integer positions 0..n−1 of the bottom axis with <paramref name="labels"/>, slanted so long ones fit.</summary>
    public static void LabelColumns(Plot plot, IReadOnlyList<string> labels)
    {
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 30 + (3.5f * labels.Select(l => l.Length).DefaultIfEmpty(0).Max());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        plot.Axes.SetLimitsX(-0.6, Math.Max(0.6, labels.Count - 0.4));
    }

    /// <summary>A legend with one filled entry per name, coloured as <see cref="Colour"/> numbers them.</summary>
    public static void Legend(Plot plot, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[i], FillColor = Colour(i) });
        }

        plot.ShowLegend(Alignment.UpperRight);
    }

    private static string PickFont()
    {
        var installed = SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI" }.FirstOrDefault(installed.Contains) ?? Fonts.Sans;
    }
}
