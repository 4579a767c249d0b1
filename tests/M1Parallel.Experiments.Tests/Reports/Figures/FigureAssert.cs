using System.Xml.Linq;
using M1Parallel.Experiments.Reports.Figures;
using ScottPlot;

namespace M1Parallel.Experiments.Tests.Reports.Figures;

/// <summary>Reads rendered figures back: the SVG as XML, the PNG's header.</summary>
internal static class FigureAssert
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Renders <paramref name="chart"/> at PNG scale 1.</summary>
    public static ReportFigure Render(Chart chart) => ReportFigure.Render("figure", "figure", chart, pngScale: 1);

    /// <summary>The SVG parsed as XML; throws when it is not well formed.</summary>
    public static XDocument ParseSvg(ReportFigure figure)
    {
        var svg = XDocument.Parse(figure.Svg);
        Assert.Equal(Svg + "svg", svg.Root!.Name);
        return svg;
    }

    /// <summary>Every text the SVG draws, trimmed.</summary>
    public static IReadOnlyList<string> Texts(ReportFigure figure) =>
        ParseSvg(figure).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    /// <summary>SVG rectangles filled with <paramref name="colour"/> (written "#RRGGBB" or "#RGB").</summary>
    public static int FilledRects(ReportFigure figure, Color colour) =>
        ParseSvg(figure).Descendants(Svg + "rect").Count(r => (string?)r.Attribute("fill") is ['#', ..] fill && Color.FromHex(Expand(fill)) == colour);

    private static string Expand(string hex) => hex.Length == 4 ? $"#{hex[1]}{hex[1]}{hex[2]}{hex[2]}{hex[3]}{hex[3]}" : hex;

    /// <summary>Asserts the PNG signature and returns the (width, height) its IHDR chunk declares.</summary>
    public static (int Width, int Height) PngSize(ReportFigure figure)
    {
        var bytes = figure.Png.Span;
        Assert.True(bytes[..8].SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG signature");
        Assert.True(bytes[12..16].SequenceEqual("IHDR"u8), "the first chunk is not IHDR");
        return (BigEndian(bytes[16..20]), BigEndian(bytes[20..24]));
    }

    private static int BigEndian(ReadOnlySpan<byte> b) => (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
}
