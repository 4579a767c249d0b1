using M1Parallel.Experiments.Reports.Figures;

namespace M1Parallel.Experiments.Reports;

/// <summary>A built report: Markdown, a self-contained HTML page, and its figures (each as SVG and PNG).</summary>
public sealed record Report(string Markdown, string Html, IReadOnlyList<ReportFigure> Figures)
{
    /// <summary>Writes <c>report.md</c>, <c>report.html</c>, <c>figures/NAME.svg</c> and <c>figures/NAME.png</c> under <paramref name="folder"/>; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var figures = Path.Combine(folder, "figures");
        Directory.CreateDirectory(figures);
        var written = new List<string> { Path.Combine(folder, "report.md"), Path.Combine(folder, "report.html") };
        await File.WriteAllTextAsync(written[0], Markdown, cancellationToken);
        await File.WriteAllTextAsync(written[1], Html, cancellationToken);
        foreach (var figure in Figures)
        {
            var svg = Path.Combine(figures, figure.Name + ".svg");
            var png = Path.Combine(figures, figure.Name + ".png");
            await File.WriteAllTextAsync(svg, figure.Svg, cancellationToken);
            await File.WriteAllBytesAsync(png, figure.Png, cancellationToken);
            written.Add(svg);
            written.Add(png);
        }

        return written;
    }
}
