using M1Parallel.Experiments.Reports.Figures;
using ScottPlot.Plottables;

namespace M1Parallel.Experiments.Tests.Reports.Figures;

public sealed class BarChartTests
{
    [Fact]
    public void Create_ValuesAndIntervals_DrawsOneBarPerValueWithItsErrorBar()
    {
        using var chart = BarChart.Create("Latency", "latency (s)", [new("single", 40, 10), new("early-stop", 20, 5), new("no-ci", 10)]);

        var bars = chart.Plot.GetPlottables().OfType<BarPlot>().Single().Bars;
        Assert.Equal([40.0, 20, 10], bars.Select(b => b.Value));
        Assert.Equal([0.0, 1, 2], bars.Select(b => b.Position));
        var errors = chart.Plot.GetPlottables().OfType<ErrorBar>().Single();
        Assert.Equal([0.0, 1, 2], errors.Xs);
        Assert.Equal([10.0, 5, 0], errors.YErrorPositive!);
        Assert.Equal([10.0, 5, 0], errors.YErrorNegative!);
    }

    [Fact]
    public void Create_IntervalBeyondZeroOrCeiling_CutsTheErrorBarThere()
    {
        using var chart = BarChart.Create("Solved", "solved (%)", [new("few", 10, 30), new("most", 90, 30)], ceiling: 100);

        var errors = chart.Plot.GetPlottables().OfType<ErrorBar>().Single();
        Assert.Equal([10.0, 30], errors.YErrorNegative!);
        Assert.Equal([30.0, 10], errors.YErrorPositive!);
    }

    [Fact]
    public void Render_Bars_SvgHoldsTitleAxisLabelMethodNamesAndOneFilledRectPerBar()
    {
        var figure = FigureAssert.Render(BarChart.Create("Latency per method (95% CI)", "latency (s)", [new("single", 40, 10), new("es3", 20, 5)]));

        var texts = FigureAssert.Texts(figure);
        Assert.Contains("Latency per method (95% CI)", texts);
        Assert.Contains("latency (s)", texts);
        Assert.Contains("single", texts);
        Assert.Contains("es3", texts);
        Assert.Equal(2, FigureAssert.FilledRects(figure, ScottPlot.Color.FromHex("#4477AA")));
    }

    [Fact]
    public void Render_Bars_PngIsAValidImageOfTheChartsSize()
    {
        using var chart = BarChart.Create("t", "y", [new("a", 1)]);
        var (width, height) = (chart.Width, chart.Height);

        var figure = ReportFigure.Render("f", "t", chart, pngScale: 2);

        Assert.Equal((width * 2, height * 2), FigureAssert.PngSize(figure));
    }

    [Fact]
    public void Render_LabelsWithMarkup_StayWellFormedAndReadBack()
    {
        var figure = FigureAssert.Render(BarChart.Create("a <b> & c", "y", [new("x<y>&\"z\"", 1)]));

        var texts = FigureAssert.Texts(figure);
        Assert.Contains("x<y>&\"z\"", texts);
        Assert.Contains("a <b> & c", texts);
    }

    [Fact]
    public void Create_NoDataOrNaN_StillRendersAValidChartWithoutBars()
    {
        using var nan = BarChart.Create("nan", "y", [new("x", double.NaN)]);
        Assert.Empty(nan.Plot.GetPlottables().OfType<BarPlot>());

        var empty = FigureAssert.Render(BarChart.Create("empty", "y", []));
        Assert.Contains("empty", FigureAssert.Texts(empty));
        FigureAssert.PngSize(empty);
    }

    [Fact]
    public void Create_SeveralGroups_ColoursBarsByGroupAndNamesEachInTheLegend()
    {
        using var chart = BarChart.Create("g", "y", [new("a", 1, Group: "single"), new("b", 2, Group: "es"), new("c", 3, Group: "single")]);

        var fills = chart.Plot.GetPlottables().OfType<BarPlot>().Single().Bars.Select(b => b.FillColor).ToList();
        Assert.Equal(fills[0], fills[2]);
        Assert.NotEqual(fills[0], fills[1]);
        Assert.Equal(["single", "es"], chart.Plot.Legend.ManualItems.Select(i => i.LabelText));
    }

    [Fact]
    public void Create_ManyColumns_WidensTheFigure()
    {
        using var few = BarChart.Create("t", "y", [new("a", 1)]);
        using var many = BarChart.Create("t", "y", Enumerable.Range(0, 40).Select(i => new ChartBar($"task-{i}", i)).ToList());

        Assert.Equal(720, few.Width);
        Assert.True(many.Width > few.Width);
    }
}
