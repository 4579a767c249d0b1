using System.Xml.Linq;
using M1Parallel.Experiments.Reports;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Tests.Analysis;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Reports;

public sealed class ReportBuilderTests
{
    private static ExperimentSpec Spec() => ExperimentSpecLoader.Parse(
        """
        name: exp
        suite: { path: s }
        backends:
          local: { kind: local, model: q.gguf }
          gpt: { kind: hosted, model: gpt-4o, base_url: "https://api.example.com/v1" }
        methods:
          - { name: single, kind: single, backend: local }
          - { name: es3, kind: early_stop, teams: 3, backend: local }
          - { name: agg-hosted, kind: aggregate, teams: 3, aggregator: llm, backend: local, routes: { aggregator: gpt } }
        """,
        "/x/exp.yaml");

    private static string Collapse(string text) => System.Text.RegularExpressions.Regex.Replace(text, " {2,}", " ");

    [Fact]
    public void Build_Records_WritesMethodTableBreakdownAndTableOne()
    {
        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample());

        Assert.Contains("7 runs: 5 completed, 1 timed out (counted as failed), 1 errors (left out).", report.Markdown);
        Assert.Contains("| single | all | 4 | 70.0 ± 41.1 | 50.0 ± 91.9 |", Collapse(report.Markdown));
        Assert.Contains("## Latency of solved and failed runs", report.Markdown);
        Assert.Contains("## Team order (Table 1)", report.Markdown);
        Assert.Contains("| es3 | first | 25.0 ± ", Collapse(report.Markdown));
        Assert.Contains("![latency](figures/latency.svg)", report.Markdown);
    }

    [Fact]
    public void Build_WithRecordedMethodConfigs_ShowsWhatEachMethodsRunsWereMadeWith()
    {
        var spec = Spec();
        var configs = spec.Methods.ToDictionary(m => m.Name, m => M1Parallel.Experiments.Running.MethodConfiguration.Describe(spec, m));

        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample(), methodConfigs: configs);

        Assert.Contains("## Settings", report.Markdown);
        Assert.Contains("| es3 | early_stop | 3 | repeated | – | 20 | 3 | 0 | false | web_surfer, file_surfer, coder, computer_terminal | q.gguf (local, batched) |", Collapse(report.Markdown));
        Assert.DoesNotContain("## Settings", ReportBuilder.Build(ResultsAnalysisTests.Sample()).Markdown);
    }

    [Fact]
    public void Build_Records_ProducesValidSvgFiguresEmbeddedInTheHtml()
    {
        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample());

        Assert.Equal(["latency", "solved", "latency-by-level", "latency-spread"], report.Figures.Keys);
        foreach (var svg in report.Figures.Values)
        {
            XDocument.Parse(svg);
            Assert.Contains(svg, report.Html);
        }

        Assert.StartsWith("<!DOCTYPE html>", report.Html);
        Assert.Contains("<td>single</td>", report.Html);
    }

    [Fact]
    public void Build_WithSpec_ShowsAggregatorBackendAndEstimateNextToMeasured()
    {
        var records = ResultsAnalysisTests.Sample().Append(Records.Run("a", "agg-hosted", 1, latency: 70)).ToList();

        var report = ReportBuilder.Build(records, Spec());

        Assert.Contains("## Aggregators side by side", report.Markdown);
        Assert.Contains("| agg-hosted | llm | hosted: gpt-4o", Collapse(report.Markdown));
        Assert.Contains("## Ideal-parallel estimate vs measured", report.Markdown);

        // single: a = {40, 60}, b = {80, 100}: ideal early stop with 2 teams = mean(40, 80) = 60 s; es3 is estimated by bootstrap for 3 teams.
        Assert.Contains("| early stop | 2 | ideal (k runs) | 60.0 ± ", Collapse(report.Markdown));
        Assert.Contains("| early stop | 3 | measured: es3", Collapse(report.Markdown));
        Assert.Contains("estimate (bootstrap)", report.Markdown);
    }

    [Fact]
    public void Build_WithThroughputProfile_AddsContentionAwareEstimateBesideTheIdealOne()
    {
        var profile = M1Parallel.Experiments.Estimation.ThroughputProfile.Parse("1:30,2:15");

        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample(), Spec(), new ContentionInput(profile));

        // Half the per-stream speed while two teams share the model: task a {40, 60} → first done at 80 s, the other
        // (40 s of work done) at 80 + 20 = 100 s; task b {80, 100} → 160 s and 180 s. Early stop mean(80, 160) = 120,
        // aggregate mean(100, 180) = 140.
        Assert.Contains("| early stop | 2 | contention-aware (measured throughput) | 120.0 ± ", Collapse(report.Markdown));
        Assert.Contains("| aggregate | 2 | contention-aware (measured throughput) | 140.0 ± ", Collapse(report.Markdown));
    }

    [Fact]
    public async Task WriteAsync_Report_WritesMarkdownHtmlAndSvgFiles()
    {
        using var dir = new TempDirectory();

        var files = await ReportBuilder.Build(ResultsAnalysisTests.Sample()).WriteAsync(dir.Path, CancellationToken.None);

        Assert.All(files, f => Assert.True(File.Exists(f)));
        Assert.Contains(Path.Combine(dir.Path, "figures", "latency.svg"), files);
    }

    [ChromiumFact]
    public async Task RenderPng_Figures_WritesPngFilesThroughChromium()
    {
        using var dir = new TempDirectory();
        var figures = ReportBuilder.Build(ResultsAnalysisTests.Sample()).Figures;

        var files = await new PngRenderer().RenderAsync(figures, dir.Path, scale: 1, CancellationToken.None);

        Assert.Equal(figures.Count, files.Count);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);

            // IHDR width at bytes 16..19, big-endian: the SVG is 720 units wide.
            Assert.Equal(720, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        }
    }

    [Fact]
    public async Task RenderPng_MissingChromium_ThrowsNamingThePath()
    {
        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => new PngRenderer("/nonexistent/chromium").RenderAsync(new Dictionary<string, string>(), "/tmp", 1, CancellationToken.None));
        Assert.Contains("/nonexistent/chromium", ex.Message);
    }
}
