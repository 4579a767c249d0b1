using ScottPlot;

namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>A report figure rendered twice by ScottPlot: SVG for papers and the HTML page, PNG for tools that need bitmaps.</summary>
/// <param name="Name">File stem under <c>figures/</c>.</param>
/// <param name="Title">The figure's title, also its alt text.</param>
/// <param name="Svg">The SVG document.</param>
/// <param name="Png">The PNG file's bytes.</param>
public sealed record ReportFigure(string Name, string Title, string Svg, ReadOnlyMemory<byte> Png)
{
    /// <summary>Renders <paramref name="chart"/> (and disposes it): SVG at its size, PNG at <paramref name="pngScale"/> pixels per SVG unit.</summary>
    internal static ReportFigure Render(string name, string title, Chart chart, double pngScale)
    {
        using (chart)
        {
            chart.Plot.ScaleFactor = 1;
            var svg = chart.Plot.GetSvgXml(chart.Width, chart.Height);
            chart.Plot.ScaleFactor = (float)pngScale;
            var png = chart.Plot.GetImageBytes((int)Math.Round(chart.Width * pngScale), (int)Math.Round(chart.Height * pngScale), ImageFormat.Png);
            return new ReportFigure(name, title, svg, png);
        }
    }
}
