using System.Globalization;
using M1Parallel.Experiments.Analysis;
using M1Parallel.Experiments.Estimation;
using M1Parallel.Experiments.Reports.Figures;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Statistics;
using M1Parallel.Experiments.Store;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;

namespace M1Parallel.Experiments.Reports;

/// <summary>
/// Builds the report of stored runs. First the paper's units (arXiv 2507.08944): per level, tasks solved out of N, total
/// latency, team tokens Σ_i c_i(t_(k)) with planner and aggregator tokens beside them, and cost, each over repetitions
/// with a 95% CI, and against the single-team baseline the speed-up and token overhead. Then per-run means, the
/// solved/failed latency per level, Table 1 per level from answered teams, and with the spec the aggregators side by side
/// and the ideal-parallel estimate. Figures (ScottPlot, SVG and PNG): bars with 95% CI error bars, the
/// latency-versus-solved trade-off per method, solved-versus-failed latency per level, and each level's per-task spread of
/// the teams' latencies sorted by range.
/// </summary>
public static class ReportBuilder
{
    /// <summary>PNG pixels per SVG unit unless told otherwise.</summary>
    public const double DefaultPngScale = 2;

    /// <summary>The largest PNG scale accepted.</summary>
    public const double MaxPngScale = 8;

    /// <summary>Builds the report; <paramref name="spec"/> (optional) adds method kinds, aggregators and estimates, and
    /// <paramref name="methodConfigs"/> (the store's record of what each method's runs were made with) a settings table;
    /// either names the single-team baseline. PNG figures have <paramref name="pngScale"/> pixels per SVG unit.</summary>
    public static Report Build(IReadOnlyList<RunRecord> records, ExperimentSpec? spec = null, ContentionInput? contention = null,
        IReadOnlyDictionary<string, string>? methodConfigs = null, double pngScale = DefaultPngScale)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (!(pngScale is > 0 and <= MaxPngScale))
        {
            throw new ArgumentOutOfRangeException(nameof(pngScale), pngScale, $"The PNG scale must lie in (0, {MaxPngScale}] pixels per SVG unit, e.g. {DefaultPngScale}.");
        }

        var sections = new List<ReportSection>();
        var figures = new List<ReportFigure>();
        void Figure(string name, string figureTitle, Chart chart) => figures.Add(ReportFigure.Render(name, figureTitle, chart, pngScale));
        var title = spec is null ? "Experiment report" : $"Experiment report: {spec.Name}";
        var counts = $"{records.Count} runs: {records.Count(r => r.Outcome == RunOutcome.Completed)} completed, {records.Count(r => r.Outcome == RunOutcome.TimedOut)} timed out (counted as failed), {records.Count(r => r.Outcome == RunOutcome.Error)} errors (left out).";

        var baseline = Baseline(records, spec, methodConfigs);
        sections.Add(LevelTotalsSection.Create(PaperTotals.PerLevel(records, baseline), baseline));
        var summaries = ResultsAnalysis.Summaries(records);
        var overall = summaries.Where(s => s.Level is null).ToList();
        sections.Add(new ReportSection(
            "Per-run means",
            "Means over runs with 95% confidence intervals (t-distribution); solved is the share of runs scored correct by GAIA's rules; tokens are all the run's tokens (teams to the decisive moment, planner and aggregator).",
            ["method", "level", "runs", "latency s", "solved %", "prompt tok", "completion tok", "cost USD"],
            summaries.Select(s => (IReadOnlyList<string>)
            [
                s.Method, s.Level?.ToString(CultureInfo.InvariantCulture) ?? "all", ReportFormat.Int(s.Runs), s.LatencySeconds.Format("0.0"), ReportFormat.Percent(s.Solved),
                s.PromptTokens.Format("0"), s.CompletionTokens.Format("0"), s.CostUsd.Format("0.000"),
            ]).ToList()));
        if (methodConfigs is { Count: > 0 })
        {
            AddSettings(records, methodConfigs, sections);
        }

        Figure("latency", "Latency per method (95% CI)", BarChart.Create("Latency per method (95% CI)", "latency (s)", overall.Select(s => Bar(s.Method, s.LatencySeconds)).ToList()));
        Figure("solved", "Solved per method (95% CI)", BarChart.Create("Solved per method (95% CI)", "solved (%)", overall.Select(s => Bar(s.Method, ReportFormat.Scale(s.Solved, 100))).ToList(), ceiling: 100));
        Figure("latency-vs-solved", "Latency versus solved per method (95% CI)", TradeOffChart.Create("Latency versus solved per method (95% CI)", "latency (s)", "solved (%)",
            overall.Select(s => new ChartPoint(s.Method, s.LatencySeconds, ReportFormat.Scale(s.Solved, 100))).ToList(), yCeiling: 100));
        var byLevel = summaries.Where(s => s.Level is not null).ToList();
        if (byLevel.Select(s => s.Level).Distinct().Count() > 1)
        {
            Figure("latency-by-level", "Latency per method and level (95% CI)", BarChart.Create("Latency per method and level (95% CI)", "latency (s)",
                byLevel.OrderBy(s => s.Level).Select(s => Bar($"L{s.Level} {s.Method}", s.LatencySeconds) with { Group = s.Method }).ToList()));
        }

        var breakdown = ResultsAnalysis.Breakdown(records);
        sections.Add(new ReportSection(
            "Latency of solved and failed runs",
            "Per level; failed runs include timed-out ones.",
            ["method", "level", "solved runs", "latency solved s", "failed runs", "latency failed s"],
            breakdown.Select(b => (IReadOnlyList<string>)[b.Method, ReportFormat.Int(b.Level), ReportFormat.Int(b.SolvedLatencySeconds.Count), b.SolvedLatencySeconds.Format("0.0"), ReportFormat.Int(b.FailedLatencySeconds.Count), b.FailedLatencySeconds.Format("0.0")]).ToList()));
        foreach (var level in breakdown.GroupBy(b => b.Level))
        {
            var figureTitle = $"Latency of solved and failed runs, level {level.Key} (95% CI)";
            Figure($"latency-solved-failed-L{level.Key}", figureTitle, BarChart.Create(figureTitle, "latency (s)", level.SelectMany(b => new[]
            {
                Bar($"{b.Method} solved", b.SolvedLatencySeconds) with { Group = "solved" },
                Bar($"{b.Method} failed", b.FailedLatencySeconds) with { Group = "failed" },
            }).ToList()));
        }

        var order = ResultsAnalysis.TeamOrder(records);
        if (order.Count > 0)
        {
            sections.Add(new ReportSection(
                "Team order (Table 1)",
                "Per level, the teams that answered in each multi-team run, ranked by when they answered (1 = first); cancelled and failed teams are left out. Runs: how many runs had that many answers.",
                ["method", "level", "team", "runs", "latency s", "steps"],
                order.Select(o => (IReadOnlyList<string>)[o.Method, ReportFormat.Int(o.Level), ReportFormat.Ordinal(o.Position), ReportFormat.Int(o.Runs), o.LatencySeconds.Format("0.0"), o.Steps.Format("0.0")]).ToList()));
        }

        if (ResultsAnalysis.SpreadMethod(records) is { } spreadMethod)
        {
            foreach (var level in records.Select(r => r.Level).Distinct().Order())
            {
                var spreadTitle = $"Per-task latency of all teams, level {level}: {spreadMethod} (sorted by range)";
                Figure($"latency-spread-L{level}", spreadTitle, SpreadChart.Create(spreadTitle, "latency (s)", ResultsAnalysis.LatencySpread(records, spreadMethod, level)));
            }
        }

        if (spec is not null)
        {
            AddAggregators(spec, overall, sections);
            AddEstimates(spec, records, overall, sections, contention);
        }

        return new Report(ReportDocument.Markdown(title, counts, sections, figures), ReportDocument.Html(title, counts, sections, figures), figures);
    }

    /// <summary>
    /// The single-team method the speed-up and overhead compare against: the spec's first single method, else the first
    /// method whose stored configuration says single; null when neither names one.
    /// </summary>
    internal static string? Baseline(IReadOnlyList<RunRecord> records, ExperimentSpec? spec, IReadOnlyDictionary<string, string>? methodConfigs)
    {
        if (spec is not null)
        {
            return spec.Methods.FirstOrDefault(m => m.Settings.Kind == MethodKind.Single)?.Name;
        }

        return records.Select(r => r.Method).Distinct(StringComparer.Ordinal).FirstOrDefault(method =>
            methodConfigs is not null && methodConfigs.TryGetValue(method, out var json) && MethodConfiguration.Read(json) is { } c
            && c.TryGetValue("method.kind", out var kind) && kind == "single");
    }

    private static void AddSettings(IReadOnlyList<RunRecord> records, IReadOnlyDictionary<string, string> configs, List<ReportSection> sections)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var method in records.Select(r => r.Method).Distinct(StringComparer.Ordinal))
        {
            if (!configs.TryGetValue(method, out var json) || MethodConfiguration.Read(json) is not { } c)
            {
                continue;
            }

            string Get(string key) => c.TryGetValue(key, out var value) ? value : "–";
            var backend = Get("method.backend");
            var model = $"{Get($"backends.{backend}.model")} ({Get($"backends.{backend}.kind")}{(c.TryGetValue($"backends.{backend}.scheduler", out var policy) ? ", " + policy : "")})";
            var aggregator = Get("method.aggregator") is "-" or "–" ? "–" : $"{Get("method.aggregator")}, k = {Get("method.k")}";
            rows.Add([method, Get("method.kind"), Get("method.teams"), Get("method.planning"), aggregator, Get("method.max_steps"), Get("method.max_stalls"),
                Get("method.replans"), Get("method.on_limit"), Get("method.code_network"), Get("method.enable_thinking"),
                Get("method.agents").Replace(",", ", ", StringComparison.Ordinal), model]);
        }

        if (rows.Count > 0)
        {
            sections.Add(new ReportSection("Settings", "What each method's stored runs were made with, as the results store recorded it.",
                ["method", "kind", "teams", "planning", "aggregator", "max steps", "max stalls", "replans", "on limit", "code network", "thinking", "agents", "model"], rows));
        }
    }

    private static void AddAggregators(ExperimentSpec spec, IReadOnlyList<MethodSummary> overall, List<ReportSection> sections)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var method in spec.Methods.Where(m => m.Settings.Kind == MethodKind.Aggregate))
        {
            var summary = overall.FirstOrDefault(s => s.Method == method.Name);
            var backendName = method.Routes.BackendFor(TeamRole.Aggregator);
            var where = spec.Backends.TryGetValue(backendName, out var b) ? $"{b.Kind.ToString().ToLowerInvariant()}: {Path.GetFileName(b.Model)}" : backendName;
            rows.Add(
            [
                method.Name, ExperimentSpecLoader.Snake(method.Settings.Aggregator ?? AggregatorKind.Majority), where,
                summary is null ? "–" : ReportFormat.Percent(summary.Solved), summary?.LatencySeconds.Format("0.0") ?? "–", summary?.CostUsd.Format("0.000") ?? "–",
            ]);
        }

        if (rows.Count > 0)
        {
            sections.Add(new ReportSection("Aggregators side by side", "Aggregate methods with the aggregator and where it ran (local model or hosted endpoint).", ["method", "aggregator", "aggregator backend", "solved %", "latency s", "cost USD"], rows));
        }
    }

    private static void AddEstimates(ExperimentSpec spec, IReadOnlyList<RunRecord> records, IReadOnlyList<MethodSummary> overall,
        List<ReportSection> sections, ContentionInput? contention)
    {
        var single = spec.Methods.FirstOrDefault(m => m.Settings.Kind == MethodKind.Single);
        if (single is null || !records.Any(r => r.Method == single.Name && r.Repetition > 1 && r.Outcome != RunOutcome.Error))
        {
            return;
        }

        var runs = StoredRuns.ToSequentialRuns(records, single.Name);
        var ideal = IdealParallelEstimator.Estimate(runs);
        var rows = new List<IReadOnlyList<string>>
        {
            Row("early stop", ideal.Teams, "ideal (k runs)", ideal.EarlyStop.LatencySeconds, ideal.EarlyStop.Solved, null),
            Row("aggregate", ideal.Teams, "ideal (k runs)", ideal.Aggregate.LatencySeconds, ideal.Aggregate.Solved, null),
        };
        if (contention is not null)
        {
            var slowed = ContentionAwareEstimator.Estimate(runs, contention.Profile, contention.ModelShare);
            rows.Add(Row("early stop", slowed.Teams, "contention-aware (measured throughput)", slowed.EarlyStop.LatencySeconds, slowed.EarlyStop.Solved, null));
            rows.Add(Row("aggregate", slowed.Teams, "contention-aware (measured throughput)", slowed.Aggregate.LatencySeconds, slowed.Aggregate.Solved, null));
        }

        foreach (var method in spec.Methods.Where(m => m.Settings.Kind != MethodKind.Single))
        {
            if (overall.FirstOrDefault(s => s.Method == method.Name) is not { } measured)
            {
                continue;
            }

            var estimate = method.Settings.Teams == ideal.Teams ? ideal : BootstrapEstimator.Estimate(runs, method.Settings.Teams, replicates: 1000, seed: spec.Seed);
            var strategy = method.Settings.Kind == MethodKind.EarlyStop ? estimate.EarlyStop : estimate.Aggregate;
            rows.Add(Row(method.Settings.Kind == MethodKind.EarlyStop ? "early stop" : "aggregate", method.Settings.Teams, $"estimate ({estimate.Model})", strategy.LatencySeconds, strategy.Solved, null));
            rows.Add(Row(method.Settings.Kind == MethodKind.EarlyStop ? "early stop" : "aggregate", method.Settings.Teams, $"measured: {method.Name}", measured.LatencySeconds, measured.Solved, measured.LatencySeconds.Mean - strategy.LatencySeconds.Mean));
        }

        sections.Add(new ReportSection(
            "Ideal-parallel estimate vs measured",
            $"From {runs.Count} runs of '{single.Name}': early stop = min latency, aggregation = max latency (solved: any team); the gap is measured minus estimated latency, the cost of running teams at once on one machine.",
            ["strategy", "teams", "source", "latency s", "solved %", "gap s"],
            rows));
    }

    private static IReadOnlyList<string> Row(string strategy, int teams, string source, MeanEstimate latency, MeanEstimate solved, double? gap) =>
        [strategy, ReportFormat.Int(teams), source, latency.Format("0.0"), ReportFormat.Percent(solved), gap?.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) ?? "–"];

    private static ChartBar Bar(string label, MeanEstimate e) => new(label, e.Mean, e.HalfWidth);
}
