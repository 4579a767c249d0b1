using System.Xml.Linq;
using M1Parallel.Experiments.Reports;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Tests.Analysis;
using M1Parallel.Experiments.Tests.Reports.Figures;
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
    public void Build_Records_WritesPerLevelTotalsPerRunMeansBreakdownAndTableOne()
    {
        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample());

        Assert.Contains("7 runs: 5 completed, 1 timed out (counted as failed), 1 errors (left out).", report.Markdown);
        Assert.True(report.Markdown.IndexOf("## Per level, in the paper's units", StringComparison.Ordinal) < report.Markdown.IndexOf("## Per-run means", StringComparison.Ordinal));
        Assert.Contains("| single | all | 4 | 70.0 ± 41.1 | 50.0 ± 91.9 |", Collapse(report.Markdown));
        Assert.Contains("## Latency of solved and failed runs", report.Markdown);
        Assert.Contains("## Team order (Table 1)", report.Markdown);
        Assert.Contains("| es3 | 2 | second | 1 | 50.0 | 8.0 |", Collapse(report.Markdown));
        Assert.Contains("![Latency per method (95% CI)](figures/latency.svg) ([PNG](figures/latency.png))", report.Markdown);
    }

    [Fact]
    public async Task Build_StoreFilledByHand_PinsThePerLevelTotalsSpeedupAndOverhead()
    {
        using var dir = new TempDirectory();
        var store = await ResultsStore.OpenAsync(Path.Combine(dir.Path, "r.db"), CancellationToken.None);
        foreach (var record in PaperTotalsTests.Store())
        {
            await store.SaveAsync(record, CancellationToken.None);
        }

        var spec = ExperimentSpecLoader.Parse(
            """
            name: exp
            suite: { path: s }
            backends: { local: { kind: local, model: q.gguf } }
            methods:
              - { name: single, kind: single }
              - { name: es2, kind: early_stop, teams: 2 }
            """,
            "/x/exp.yaml");
        var md = Collapse(ReportBuilder.Build(await store.ReadAsync("exp", CancellationToken.None), spec).Markdown);

        // Level 1 by hand (see PaperTotalsTests): t(0.975, 1) = 12.706; half-width = t·s/√2.
        // single: solved {1, 2} → 1.5 ± 6.4; latency {300, 300}; team tokens {3000, 3000}; planner {100, 120} → 110 ± 127.
        Assert.Contains("| single | 1 | 1.5 ± 6.4 / 2 | 300.0 ± 0.0 | 3000 ± 0 | 110 ± 127 | 0 ± 0 | 0.300 ± 0.000 | baseline | baseline | 2 |", md);
        // es2: latency {150, 200} → 175 ± 318; team tokens {4500, 4800} → 4650 ± 1906; speed-ups {2, 1.5} → 1.75 ± 3.18; overheads {1.5, 1.6} → 1.55 ± 0.64.
        Assert.Contains("| es2 | 1 | 1.5 ± 6.4 / 2 | 175.0 ± 317.7 | 4650 ± 1906 | 200 ± 0 | 0 ± 0 | 0.000 ± 0.000 | 1.75 ± 3.18× | 1.55 ± 0.64× | 2 |", md);
        // Level 2: the baseline's second repetition errored (left out, counted); es2's second run was stored without the split.
        Assert.Contains("| single | 2 | 1.0 / 1 | 400.0 | 4000 | 40 | 0 | 0.000 | baseline | baseline | 1 (+1 incomplete²) |", md);
        Assert.Contains("| es2 | 2 | 0.5 ± 6.4 / 1 | 200.0 ± 1270.6 | n/a¹ | n/a¹ | n/a¹ | 0.000 ± 0.000 | 4.00× | 1.50× | 2 |", md);
        Assert.Contains("¹ n/a:", md);
        Assert.Contains("² Repetitions without a result for every task", md);
    }

    [Fact]
    public void Build_WithoutSpecOrConfigs_ShowsNoRatiosAndSaysWhy()
    {
        var md = ReportBuilder.Build(PaperTotalsTests.Store()).Markdown;

        Assert.Contains("No single-team baseline was found", md);
        Assert.DoesNotContain("baseline |", md);
    }

    [Fact]
    public void Build_StoredConfigsSayWhichMethodIsSingle_ThatIsTheBaseline()
    {
        var spec = Spec();
        var configs = spec.Methods.ToDictionary(m => m.Name, m => M1Parallel.Experiments.Running.MethodConfiguration.Describe(spec, m));

        Assert.Equal("single", ReportBuilder.Baseline(ResultsAnalysisTests.Sample(), spec: null, configs));
    }

    [Fact]
    public void Build_ConfigRecordedBeforeOnLimitAndCodeNetwork_ShowsWhatThoseRunsDid_BestGuessAndNoNetwork()
    {
        var spec = Spec();
        var configs = spec.Methods.ToDictionary(m => m.Name, m => M1Parallel.Experiments.Running.MethodConfiguration.Describe(spec, m)
            .Replace("\"method.on_limit\":\"fail\",", string.Empty, StringComparison.Ordinal)
            .Replace("\"method.code_network\":\"true\",", string.Empty, StringComparison.Ordinal));

        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample(), methodConfigs: configs);

        Assert.Contains("| es3 | early_stop | 3 | diverse | – | 20 | 3 | 0 | best_guess | false | false |", Collapse(report.Markdown));
    }

    [Fact]
    public void Build_WithRecordedMethodConfigs_ShowsWhatEachMethodsRunsWereMadeWith()
    {
        var spec = Spec();
        var configs = spec.Methods.ToDictionary(m => m.Name, m => M1Parallel.Experiments.Running.MethodConfiguration.Describe(spec, m));

        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample(), methodConfigs: configs);

        Assert.Contains("## Settings", report.Markdown);
        Assert.Contains("| es3 | early_stop | 3 | diverse | – | 20 | 3 | 0 | fail | true | false | web_surfer, file_surfer, coder, computer_terminal | q.gguf (local, batched) |", Collapse(report.Markdown));
        Assert.DoesNotContain("## Settings", ReportBuilder.Build(ResultsAnalysisTests.Sample()).Markdown);
    }

    [Fact]
    public void Build_Records_ProducesSvgAndPngFiguresWithTheSvgEmbeddedInTheHtml()
    {
        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample());

        Assert.Equal(
            ["latency", "solved", "latency-vs-solved", "latency-by-level", "latency-solved-failed-L1", "latency-solved-failed-L2", "latency-spread-L1", "latency-spread-L2"],
            report.Figures.Select(f => f.Name));
        foreach (var figure in report.Figures)
        {
            Assert.Equal("svg", XDocument.Parse(figure.Svg).Root!.Name.LocalName);
            Assert.Contains($"<figure id=\"{figure.Name}\">\n<svg", report.Html);
            Assert.Equal(0x89, figure.Png.Span[0]);
        }

        Assert.Equal(report.Figures.Count, System.Text.RegularExpressions.Regex.Count(report.Html, "<svg "));
        Assert.DoesNotContain("<?xml", report.Html);
        Assert.StartsWith("<!DOCTYPE html>", report.Html);
        Assert.Contains("<td>single</td>", report.Html);
    }

    [Fact]
    public void Build_Records_InlineSvgIdsAreUniqueInThePageAndEveryReferenceResolvesInItsOwnFigure()
    {
        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample());

        var ids = System.Text.RegularExpressions.Regex.Matches(report.Html, "\\sid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var references = System.Text.RegularExpressions.Regex.Matches(report.Html, "url\\(#([^)]+)\\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, ids));
        Assert.Contains(references, r => r.StartsWith("latency-vs-solved-", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_Records_TradeOffFigureNamesEveryMethod()
    {
        var figure = ReportBuilder.Build(ResultsAnalysisTests.Sample()).Figures.Single(f => f.Name == "latency-vs-solved");

        Assert.Superset(new HashSet<string> { "single", "es3", "latency (s)", "solved (%)" }, FigureAssert.Texts(figure).ToHashSet());
    }

    [Fact]
    public void Build_PngScaleOutOfRange_ThrowsNamingTheRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ReportBuilder.Build(ResultsAnalysisTests.Sample(), pngScale: 0));
        Assert.Contains("(0, 8]", ex.Message);
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
    public async Task WriteAsync_Report_WritesMarkdownHtmlAndEachFigureAsSvgAndPng()
    {
        using var dir = new TempDirectory();
        var report = ReportBuilder.Build(ResultsAnalysisTests.Sample());

        var files = await report.WriteAsync(dir.Path, CancellationToken.None);

        Assert.Equal(2 + (2 * report.Figures.Count), files.Count);
        Assert.All(files, f => Assert.True(File.Exists(f)));
        Assert.Equal(report.Figures[0].Svg, await File.ReadAllTextAsync(Path.Combine(dir.Path, "figures", "latency.svg")));
        Assert.Equal(report.Figures[0].Png.ToArray(), await File.ReadAllBytesAsync(Path.Combine(dir.Path, "figures", "latency.png")));
    }
}
