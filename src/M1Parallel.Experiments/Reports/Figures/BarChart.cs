using ScottPlot;

namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>Bars with 95% CI error bars, coloured by group, one labelled column per bar; the value axis starts at zero.</summary>
internal static class BarChart
{
    /// <summary>Draws <paramref name="bars"/>; a bar whose value is not a number leaves its column empty, and error bars
    /// stop at zero and at <paramref name="ceiling"/> (e.g. 100 for percentages) when given.</summary>
    public static Chart Create(string title, string yLabel, IReadOnlyList<ChartBar> bars, double? ceiling = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var plot = ChartStyle.Create(title, string.Empty, yLabel);
        var groups = bars.Select(b => b.Group ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        var drawn = bars
            .Select((b, i) => (Bar: b, Position: i))
            .Where(p => double.IsFinite(p.Bar.Value))
            .Select(p => new Bar
            {
                Position = p.Position,
                Value = p.Bar.Value,
                FillColor = ChartStyle.Colour(groups.IndexOf(p.Bar.Group ?? string.Empty)),
                LineColor = Colors.Black,
                Size = 0.7,
            })
            .ToList();
        if (drawn.Count > 0)
        {
            plot.Add.Bars(drawn);
            var errors = bars.Where(b => double.IsFinite(b.Value)).Select(b => b.Error is { } e && double.IsFinite(e) ? e : 0).ToList();
            ErrorBars.Add(plot, drawn.Select(b => b.Position).ToList(), drawn.Select(b => b.Value).ToList(), errors, ceiling, Colors.Black);
            plot.Axes.Margins(bottom: 0);
        }
        else
        {
            plot.Axes.SetLimitsY(0, 1);
        }

        ChartStyle.LabelColumns(plot, bars.Select(b => b.Label).ToList());
        if (groups.Count > 1)
        {
            ChartStyle.Legend(plot, groups);
        }

        return new Chart(plot, ChartStyle.WidthFor(bars.Count), ChartStyle.Height);
    }
}
