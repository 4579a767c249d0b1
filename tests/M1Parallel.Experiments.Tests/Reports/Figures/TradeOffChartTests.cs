using M1Parallel.Experiments.Reports.Figures;
using M1Parallel.Experiments.Statistics;
using ScottPlot.Plottables;

namespace M1Parallel.Experiments.Tests.Reports.Figures;

public sealed class TradeOffChartTests
{
    private static MeanEstimate Estimate(double mean, double? halfWidth) => new(mean, halfWidth, 3, 1, 0.95);

    [Fact]
    public void Create_Points_DrawsAPointWithBothIntervalsPerMethod()
    {
        using var chart = TradeOffChart.Create("t", "latency (s)", "solved (%)",
            [new("single", Estimate(60, 10), Estimate(40, 5)), new("es3", Estimate(30, null), Estimate(55, 8))]);

        var errors = chart.Plot.GetPlottables().OfType<ErrorBar>().ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal((60.0, 40.0, 10.0, 5.0), (errors[0].Xs[0], errors[0].Ys[0], errors[0].XErrorPositive![0], errors[0].YErrorNegative![0]));
        Assert.Equal(0, errors[1].XErrorNegative![0]);
        Assert.Equal(8, errors[1].YErrorPositive![0]);
        Assert.Equal(["single", "es3"], chart.Plot.Legend.ManualItems.Select(i => i.LabelText));
    }

    [Fact]
    public void Render_Points_SvgHoldsMethodNamesAndBothAxisLabels()
    {
        var figure = FigureAssert.Render(TradeOffChart.Create("Latency versus solved", "latency (s)", "solved (%)",
            [new("single", Estimate(60, 10), Estimate(40, 5)), new("es3", Estimate(30, 2), Estimate(55, 8))]));

        var texts = FigureAssert.Texts(figure);
        Assert.Contains("latency (s)", texts);
        Assert.Contains("solved (%)", texts);
        Assert.Contains("single", texts);
        Assert.Contains("es3", texts);
    }

    [Fact]
    public void Create_PointWithoutData_IsLeftOut()
    {
        using var chart = TradeOffChart.Create("t", "x", "y", [new("none", Estimate(double.NaN, null), Estimate(double.NaN, null))]);

        Assert.Empty(chart.Plot.GetPlottables().OfType<ErrorBar>());
    }
}
