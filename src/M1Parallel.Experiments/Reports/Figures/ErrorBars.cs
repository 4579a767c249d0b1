using ScottPlot;
using ScottPlot.Plottables;

namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>95% CI error bars for quantities that cannot be negative (latency, tokens, shares): an interval is cut at zero
/// and at an optional ceiling (100 for percentages) so the figure never shows impossible values.</summary>
internal static class ErrorBars
{
    /// <summary>Adds vertical error bars of half-widths <paramref name="yErrors"/> (and horizontal ones of <paramref name="xErrors"/>, when given) at each point.</summary>
    public static ErrorBar Add(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double> ys, IReadOnlyList<double> yErrors, double? yCeiling,
        Color colour, IReadOnlyList<double>? xErrors = null)
    {
        var yDown = ys.Select((y, i) => Math.Min(yErrors[i], Math.Max(0, y))).ToArray();
        var yUp = ys.Select((y, i) => yCeiling is { } c ? Math.Min(yErrors[i], Math.Max(0, c - y)) : yErrors[i]).ToArray();
        var xDown = xErrors is null ? null : xs.Select((x, i) => Math.Min(xErrors[i], Math.Max(0, x))).ToArray();
        var xUp = xErrors?.ToArray();
        var bars = new ErrorBar(xs.ToArray(), ys.ToArray(), xUp, xDown, yUp, yDown) { LineColor = colour, LineWidth = 1.5f, CapSize = 8 };
        plot.Add.Plottable(bars);
        return bars;
    }
}
