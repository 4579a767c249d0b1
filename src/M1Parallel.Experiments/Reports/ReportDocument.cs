using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using M1Parallel.Experiments.Reports.Figures;

namespace M1Parallel.Experiments.Reports;

/// <summary>Lays a report's sections and figures out as Markdown (figures referenced under <c>figures/</c>) and as one self-contained HTML page (SVG inline).</summary>
internal static partial class ReportDocument
{
    /// <summary>The Markdown document.</summary>
    public static string Markdown(string title, string counts, IReadOnlyList<ReportSection> sections, IReadOnlyList<ReportFigure> figures)
    {
        var md = new StringBuilder().Append("# ").Append(title).Append("\n\n").Append(counts).Append("\n\n");
        foreach (var section in sections)
        {
            md.Append("## ").Append(section.Title).Append("\n\n").Append(section.Note).Append("\n\n").Append(MarkdownTable.Render(section.Headers, section.Rows)).Append('\n');
            foreach (var footnote in section.Footnotes)
            {
                md.Append(footnote).Append("\n\n");
            }
        }

        md.Append("## Figures\n\n");
        foreach (var figure in figures)
        {
            md.Append("![").Append(figure.Title).Append("](figures/").Append(figure.Name).Append(".svg) ([PNG](figures/").Append(figure.Name).Append(".png))\n\n");
        }

        return md.ToString();
    }

    /// <summary>The HTML page.</summary>
    public static string Html(string title, string counts, IReadOnlyList<ReportSection> sections, IReadOnlyList<ReportFigure> figures)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n");
        html.Append("<style>body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}figure{margin:1em 0}.footnote{font-size:90%;color:#555}</style></head><body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n<p>").Append(E(counts)).Append("</p>\n");
        foreach (var section in sections)
        {
            html.Append("<h2>").Append(E(section.Title)).Append("</h2>\n<p>").Append(E(section.Note)).Append("</p>\n<table><thead><tr>");
            foreach (var header in section.Headers)
            {
                html.Append("<th>").Append(E(header)).Append("</th>");
            }

            html.Append("</tr></thead><tbody>\n");
            foreach (var row in section.Rows)
            {
                html.Append("<tr>");
                foreach (var cell in row)
                {
                    html.Append("<td>").Append(E(cell)).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody></table>\n");
            foreach (var footnote in section.Footnotes)
            {
                html.Append("<p class=\"footnote\">").Append(E(footnote)).Append("</p>\n");
            }
        }

        html.Append("<h2>Figures</h2>\n");
        foreach (var figure in figures)
        {
            html.Append("<figure id=\"").Append(E(figure.Name)).Append("\">\n").Append(InlineSvg(figure)).Append("</figure>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>
    /// The figure's SVG for inlining: without its XML declaration, which has no place inside HTML, and with its element ids
    /// (clip paths) prefixed by the figure's name, since every inline SVG of the page shares one id space.
    /// </summary>
    private static string InlineSvg(ReportFigure figure)
    {
        var start = figure.Svg.IndexOf("<svg", StringComparison.Ordinal);
        var svg = start > 0 ? figure.Svg[start..] : figure.Svg;
        var prefix = figure.Name + "-";
        svg = SvgId().Replace(svg, m => $"{m.Groups[1].Value}{prefix}{m.Groups[2].Value}");
        return SvgReference().Replace(svg, m => $"{m.Groups[1].Value}{prefix}{m.Groups[2].Value}");
    }

    [GeneratedRegex("""(\sid=")([^"]+)""")]
    private static partial Regex SvgId();

    [GeneratedRegex("""(url\(#|href="#)([^)"]+)""")]
    private static partial Regex SvgReference();
}
