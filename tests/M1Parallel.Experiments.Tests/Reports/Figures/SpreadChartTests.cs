using M1Parallel.Experiments.Reports.Figures;
using ScottPlot.Plottables;

namespace M1Parallel.Experiments.Tests.Reports.Figures;

public sealed class SpreadChartTests
{
    [Fact]
    public void Create_Values_DrawsARangeLinePerColumnAndADotPerValue()
    {
        using var chart = SpreadChart.Create("spread", "latency (s)", [new("t1", [10, 30, 20]), new("t2", [5]), new("t3", [])]);

        var ranges = chart.Plot.GetPlottables().OfType<LinePlot>().ToList();
        Assert.Equal(2, ranges.Count);
        Assert.Equal((0.0, 10.0, 0.0, 30.0), (ranges[0].Start.X, ranges[0].Start.Y, ranges[0].End.X, ranges[0].End.Y));
        var dots = chart.Plot.GetPlottables().OfType<Markers>().Single();
        Assert.Equal([0.0, 0, 0, 1], dots.Data.GetScatterPoints().Select(p => p.X));
    }

    [Fact]
    public void Render_Spread_SvgNamesEveryColumnAndTheAxis()
    {
        var figure = FigureAssert.Render(SpreadChart.Create("Per-task latency", "latency (s)", [new("task-a", [1, 2]), new("task-b", [3])]));

        var texts = FigureAssert.Texts(figure);
        Assert.Contains("task-a", texts);
        Assert.Contains("task-b", texts);
        Assert.Contains("latency (s)", texts);
        FigureAssert.PngSize(figure);
    }
}
