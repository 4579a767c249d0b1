using M1Parallel.Experiments.Reports.Figures;
using M1Parallel.Experiments.Statistics;
using M1Parallel.Experiments.Store;

namespace M1Parallel.Experiments.Analysis;

/// <summary>The paper's analyses of stored runs; errored runs are left out (they are not results), timed-out runs count as failed.</summary>
public static class ResultsAnalysis
{
    /// <summary>Per method (in first-seen order): all levels, then each level present.</summary>
    public static IReadOnlyList<MethodSummary> Summaries(IEnumerable<RunRecord> records)
    {
        var results = Results(records);
        var summaries = new List<MethodSummary>();
        foreach (var method in results.GroupBy(r => r.Method))
        {
            summaries.Add(Summarize(method.Key, null, method.ToList()));
            foreach (var level in method.GroupBy(r => r.Level).OrderBy(g => g.Key))
            {
                summaries.Add(Summarize(method.Key, level.Key, level.ToList()));
            }
        }

        return summaries;
    }

    /// <summary>Latency of solved and of failed runs, per method.</summary>
    public static IReadOnlyList<LatencyBreakdown> Breakdown(IEnumerable<RunRecord> records) =>
        Results(records)
            .GroupBy(r => r.Method)
            .Select(g => new LatencyBreakdown(
                g.Key,
                ConfidenceInterval.Of(g.Where(r => r.Solved).Select(r => r.LatencySeconds)),
                ConfidenceInterval.Of(g.Where(r => !r.Solved).Select(r => r.LatencySeconds))))
            .ToList();

    /// <summary>For methods with several teams: teams ranked by when they ended in each run, mean latency and steps per rank (Table 1).</summary>
    public static IReadOnlyList<TeamOrderRow> TeamOrder(IEnumerable<RunRecord> records)
    {
        var rows = new List<TeamOrderRow>();
        foreach (var method in Results(records).Where(r => r.Teams.Count > 1).GroupBy(r => r.Method))
        {
            var ranked = method.Select(r => r.Teams.Where(t => t.Status != "failed").OrderBy(t => t.LatencySeconds).ToList()).ToList();
            var positions = ranked.Max(t => t.Count);
            for (var p = 0; p < positions; p++)
            {
                var at = ranked.Where(t => t.Count > p).Select(t => t[p]).ToList();
                rows.Add(new TeamOrderRow(method.Key, p + 1, ConfidenceInterval.Of(at.Select(t => t.LatencySeconds)), ConfidenceInterval.Of(at.Select(t => (double)t.Steps))));
            }
        }

        return rows;
    }

    /// <summary>Per task, every team's latency over all runs of <paramref name="method"/> (a run without team summaries contributes its own latency).</summary>
    public static IReadOnlyList<ChartSpread> LatencySpread(IEnumerable<RunRecord> records, string method) =>
        Results(records)
            .Where(r => r.Method == method)
            .GroupBy(r => r.TaskId)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ChartSpread(g.Key, g.SelectMany(r => r.Teams.Count > 0 ? r.Teams.Select(t => t.LatencySeconds) : [r.LatencySeconds]).ToList()))
            .ToList();

    private static List<RunRecord> Results(IEnumerable<RunRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Where(r => r.Outcome != RunOutcome.Error).ToList();
    }

    private static MethodSummary Summarize(string method, int? level, List<RunRecord> runs) => new(
        method,
        level,
        runs.Count,
        ConfidenceInterval.Of(runs.Select(r => r.LatencySeconds)),
        ConfidenceInterval.OfRate(runs.Select(r => r.Solved)),
        ConfidenceInterval.Of(runs.Select(r => (double)r.PromptTokens)),
        ConfidenceInterval.Of(runs.Select(r => (double)r.CompletionTokens)),
        ConfidenceInterval.Of(runs.Select(r => r.CostUsd)));
}
