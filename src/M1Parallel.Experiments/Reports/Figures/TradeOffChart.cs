using ScottPlot;

namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>One labelled, coloured point per item with 95% CI error bars on both axes: e.g. latency against solved share per method.</summary>
internal static class TradeOffChart
{
    /// <summary>Draws <paramref name="points"/>; a point with a coordinate that is not a number is left out, and error
    /// bars stop at zero and at <paramref name="yCeiling"/> (e.g. 100 for percentages) when given.</summary>
    public static Chart Create(string title, string xLabel, string yLabel, IReadOnlyList<ChartPoint> points, double? yCeiling = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var plot = ChartStyle.Create(title, xLabel, yLabel);
        var drawn = points.Where(p => double.IsFinite(p.X.Mean) && double.IsFinite(p.Y.Mean)).ToList();
        for (var i = 0; i < drawn.Count; i++)
        {
            var p = drawn[i];
            var colour = ChartStyle.Colour(i);
            ErrorBars.Add(plot, [p.X.Mean], [p.Y.Mean], [p.Y.HalfWidth ?? 0], yCeiling, colour, [p.X.HalfWidth ?? 0]);
            plot.Add.Marker(p.X.Mean, p.Y.Mean, MarkerShape.FilledCircle, 10, colour);
            var label = plot.Add.Text(p.Label, p.X.Mean, p.Y.Mean);
            label.LabelFontColor = colour;
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = 6;
            label.OffsetY = -6;
        }

        if (drawn.Count == 0)
        {
            plot.Axes.SetLimits(0, 1, 0, 1);
        }
        else
        {
            plot.Axes.Margins(0.15, 0.15);
        }

        ChartStyle.Legend(plot, drawn.Select(p => p.Label).ToList());
        return new Chart(plot, 720, ChartStyle.Height);
    }
}
