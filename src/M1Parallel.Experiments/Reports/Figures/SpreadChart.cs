using ScottPlot;

namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>Per labelled column, a line from the smallest to the largest value and a dot for every value.</summary>
internal static class SpreadChart
{
    /// <summary>Draws <paramref name="spreads"/> in the order given; values that are not numbers are left out.</summary>
    public static Chart Create(string title, string yLabel, IReadOnlyList<ChartSpread> spreads)
    {
        ArgumentNullException.ThrowIfNull(spreads);
        var plot = ChartStyle.Create(title, string.Empty, yLabel);
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < spreads.Count; i++)
        {
            var values = spreads[i].Values.Where(double.IsFinite).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var range = plot.Add.Line(i, values.Min(), i, values.Max());
            range.LineColor = Colors.Gray;
            range.LineWidth = 2;
            range.MarkerSize = 0;
            xs.AddRange(values.Select(_ => (double)i));
            ys.AddRange(values);
        }

        if (xs.Count > 0)
        {
            plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 7, ChartStyle.Colour(0).WithAlpha(0.8));
            plot.Axes.Margins(bottom: 0.05);
        }
        else
        {
            plot.Axes.SetLimitsY(0, 1);
        }

        ChartStyle.LabelColumns(plot, spreads.Select(s => s.Label).ToList());
        return new Chart(plot, ChartStyle.WidthFor(spreads.Count), ChartStyle.Height);
    }
}
