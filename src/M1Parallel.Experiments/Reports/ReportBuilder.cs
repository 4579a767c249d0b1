using System.Globalization;
using System.Net;
using System.Text;
using M1Parallel.Experiments.Analysis;
using M1Parallel.Experiments.Estimation;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Statistics;
using M1Parallel.Experiments.Store;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;

namespace M1Parallel.Experiments.Reports;

/// <summary>
/// Builds the report of stored runs: per-method (and per-level) means with 95% CIs, the solved/failed latency breakdown,
/// Table 1's team order, and with the spec the aggregators side by side and the ideal-parallel estimate next to the
/// measured parallel methods. Figures: latency and solve-rate bars with CI error bars, latency by level, per-task spreads.
/// </summary>
public static class ReportBuilder
{
    /// <summary>Builds the report; <paramref name="spec"/> (optional) adds method kinds, aggregators and estimates, and
    /// <paramref name="methodConfigs"/> (the store's record of what each method's runs were made with) a settings table.</summary>
    public static Report Build(IReadOnlyList<RunRecord> records, ExperimentSpec? spec = null, ContentionInput? contention = null,
        IReadOnlyDictionary<string, string>? methodConfigs = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sections = new List<Section>();
        var figures = new Dictionary<string, string>(StringComparer.Ordinal);
        var title = spec is null ? "Experiment report" : $"Experiment report: {spec.Name}";
        var counts = $"{records.Count} runs: {records.Count(r => r.Outcome == RunOutcome.Completed)} completed, {records.Count(r => r.Outcome == RunOutcome.TimedOut)} timed out (counted as failed), {records.Count(r => r.Outcome == RunOutcome.Error)} errors (left out).";

        var summaries = ResultsAnalysis.Summaries(records);
        var overall = summaries.Where(s => s.Level is null).ToList();
        sections.Add(new Section(
            "Methods",
            "Means with 95% confidence intervals (t-distribution) over runs; solved is the share of runs scored correct by GAIA's rules.",
            ["method", "level", "runs", "latency s", "solved %", "prompt tok", "completion tok", "cost USD"],
            summaries.Select(s => (IReadOnlyList<string>)
            [
                s.Method, s.Level?.ToString(CultureInfo.InvariantCulture) ?? "all", Int(s.Runs), s.LatencySeconds.Format("0.0"), Percent(s.Solved),
                s.PromptTokens.Format("0"), s.CompletionTokens.Format("0"), s.CostUsd.Format("0.000"),
            ]).ToList()));
        if (methodConfigs is { Count: > 0 })
        {
            AddSettings(records, methodConfigs, sections);
        }

        figures["latency"] = SvgChart.Bars("Latency per method (95% CI)", "seconds", overall.Select(s => Bar(s.Method, s.LatencySeconds)).ToList());
        figures["solved"] = SvgChart.Bars("Solved per method (95% CI)", "solved %", overall.Select(s => Bar(s.Method, Scale(s.Solved, 100))).ToList());
        var byLevel = summaries.Where(s => s.Level is not null).ToList();
        if (byLevel.Select(s => s.Level).Distinct().Count() > 1)
        {
            figures["latency-by-level"] = SvgChart.Bars("Latency per method and level (95% CI)", "seconds", byLevel.OrderBy(s => s.Level).Select(s => Bar($"L{s.Level} {s.Method}", s.LatencySeconds) with { Group = s.Method }).ToList());
        }

        var breakdown = ResultsAnalysis.Breakdown(records);
        sections.Add(new Section(
            "Latency of solved and failed runs",
            "Failed runs include timed-out ones.",
            ["method", "solved runs", "latency solved s", "failed runs", "latency failed s"],
            breakdown.Select(b => (IReadOnlyList<string>)[b.Method, Int(b.SolvedLatencySeconds.Count), b.SolvedLatencySeconds.Format("0.0"), Int(b.FailedLatencySeconds.Count), b.FailedLatencySeconds.Format("0.0")]).ToList()));

        var order = ResultsAnalysis.TeamOrder(records);
        if (order.Count > 0)
        {
            sections.Add(new Section(
                "Team order (Table 1)",
                "Teams of each multi-team run ranked by when they ended: 1 = first.",
                ["method", "team", "latency s", "steps"],
                order.Select(o => (IReadOnlyList<string>)[o.Method, Ordinal(o.Position), o.LatencySeconds.Format("0.0"), o.Steps.Format("0.0")]).ToList()));
        }

        var spreadMethod = records.Where(r => r.Teams.Count > 1).Select(r => r.Method).FirstOrDefault() ?? records.Select(r => r.Method).FirstOrDefault();
        if (spreadMethod is not null)
        {
            figures["latency-spread"] = SvgChart.Spread($"Per-task latency of all teams: {spreadMethod}", "seconds", ResultsAnalysis.LatencySpread(records, spreadMethod));
        }

        if (spec is not null)
        {
            AddAggregators(spec, overall, sections);
            AddEstimates(spec, records, overall, sections, contention);
        }

        return new Report(Markdown(title, counts, sections, figures.Keys), Html(title, counts, sections, figures), figures);
    }

    private static void AddSettings(IReadOnlyList<RunRecord> records, IReadOnlyDictionary<string, string> configs, List<Section> sections)
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
                Get("method.replans"), Get("method.enable_thinking"), Get("method.agents").Replace(",", ", ", StringComparison.Ordinal), model]);
        }

        if (rows.Count > 0)
        {
            sections.Add(new Section("Settings", "What each method's stored runs were made with, as the results store recorded it.",
                ["method", "kind", "teams", "planning", "aggregator", "max steps", "max stalls", "replans", "thinking", "agents", "model"], rows));
        }
    }

    private static void AddAggregators(ExperimentSpec spec, IReadOnlyList<MethodSummary> overall, List<Section> sections)
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
                summary is null ? "–" : Percent(summary.Solved), summary?.LatencySeconds.Format("0.0") ?? "–", summary?.CostUsd.Format("0.000") ?? "–",
            ]);
        }

        if (rows.Count > 0)
        {
            sections.Add(new Section("Aggregators side by side", "Aggregate methods with the aggregator and where it ran (local model or hosted endpoint).", ["method", "aggregator", "aggregator backend", "solved %", "latency s", "cost USD"], rows));
        }
    }

    private static void AddEstimates(ExperimentSpec spec, IReadOnlyList<RunRecord> records, IReadOnlyList<MethodSummary> overall,
        List<Section> sections, ContentionInput? contention)
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

        sections.Add(new Section(
            "Ideal-parallel estimate vs measured",
            $"From {runs.Count} runs of '{single.Name}': early stop = min latency, aggregation = max latency (solved: any team); the gap is measured minus estimated latency, the cost of running teams at once on one machine.",
            ["strategy", "teams", "source", "latency s", "solved %", "gap s"],
            rows));
    }

    private static IReadOnlyList<string> Row(string strategy, int teams, string source, MeanEstimate latency, MeanEstimate solved, double? gap) =>
        [strategy, Int(teams), source, latency.Format("0.0"), Percent(solved), gap?.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) ?? "–"];

    private static ChartBar Bar(string label, MeanEstimate e) => new(label, e.Mean, e.Lower, e.Upper);

    private static MeanEstimate Scale(MeanEstimate e, double factor) => e with { Mean = e.Mean * factor, HalfWidth = e.HalfWidth * factor };

    private static string Percent(MeanEstimate e) => Scale(e, 100).Format("0.0");

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ordinal(int position) => position switch { 1 => "first", 2 => "second", 3 => "third", _ => Int(position) + "th" };

    private static string Markdown(string title, string counts, List<Section> sections, IEnumerable<string> figureNames)
    {
        var md = new StringBuilder().Append("# ").Append(title).Append("\n\n").Append(counts).Append("\n\n");
        foreach (var section in sections)
        {
            md.Append("## ").Append(section.Title).Append("\n\n").Append(section.Note).Append("\n\n").Append(MarkdownTable.Render(section.Headers, section.Rows)).Append('\n');
        }

        md.Append("## Figures\n\n");
        foreach (var name in figureNames)
        {
            md.Append("![").Append(name).Append("](figures/").Append(name).Append(".svg)\n\n");
        }

        return md.ToString();
    }

    private static string Html(string title, string counts, List<Section> sections, IReadOnlyDictionary<string, string> figures)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n");
        html.Append("<style>body{font-family:Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}figure{margin:1em 0}</style></head><body>\n");
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
        }

        html.Append("<h2>Figures</h2>\n");
        foreach (var (name, svg) in figures)
        {
            html.Append("<figure id=\"").Append(E(name)).Append("\">\n").Append(svg).Append("</figure>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private sealed record Section(string Title, string Note, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);
}
