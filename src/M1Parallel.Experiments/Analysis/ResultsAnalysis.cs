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

    /// <summary>Latency of solved and of failed runs, per level (ascending) and method.</summary>
    public static IReadOnlyList<LatencyBreakdown> Breakdown(IEnumerable<RunRecord> records) =>
        Results(records)
            .GroupBy(r => (r.Level, r.Method))
            .OrderBy(g => g.Key.Level)
            .Select(g => new LatencyBreakdown(
                g.Key.Method,
                g.Key.Level,
                ConfidenceInterval.Of(g.Where(r => r.Solved).Select(r => r.LatencySeconds)),
                ConfidenceInterval.Of(g.Where(r => !r.Solved).Select(r => r.LatencySeconds))))
            .ToList();

    /// <summary>
    /// Table 1, per level and multi-team method: the teams that answered in each run, ranked by when they answered, with
    /// mean latency and steps per rank. Cancelled and failed teams are left out: a cancelled team's end is when it was
    /// stopped, not an answer, and would make the second and third rows meaningless.
    /// </summary>
    public static IReadOnlyList<TeamOrderRow> TeamOrder(IEnumerable<RunRecord> records)
    {
        var rows = new List<TeamOrderRow>();
        foreach (var group in Results(records).Where(r => r.Teams.Count > 1).GroupBy(r => (r.Level, r.Method)).OrderBy(g => g.Key.Level))
        {
            var ranked = group.Select(r => r.Teams.Where(t => t.Status == "answered").OrderBy(t => t.LatencySeconds).ToList()).ToList();
            var positions = ranked.Max(t => t.Count);
            for (var p = 0; p < positions; p++)
            {
                var at = ranked.Where(t => t.Count > p).Select(t => t[p]).ToList();
                rows.Add(new TeamOrderRow(group.Key.Method, group.Key.Level, p + 1, at.Count,
                    ConfidenceInterval.Of(at.Select(t => t.LatencySeconds)), ConfidenceInterval.Of(at.Select(t => (double)t.Steps))));
            }
        }

        return rows;
    }

    /// <summary>
    /// The method for the per-task spreads: among multi-team methods (any method when there is none), the one whose teams
    /// most often ran to their own end (answered or failed, not cancelled), so the spread shows the teams' real latencies;
    /// null without runs.
    /// </summary>
    public static string? SpreadMethod(IEnumerable<RunRecord> records) =>
        Results(records)
            .GroupBy(r => r.Method)
            .Select((g, order) => (g.Key, Multi: g.Any(r => r.Teams.Count > 1), Ended: g.Sum(r => r.Teams.Count(t => t.Status != "cancelled")), order))
            .OrderByDescending(m => m.Multi)
            .ThenByDescending(m => m.Ended)
            .ThenBy(m => m.order)
            .Select(m => m.Key)
            .FirstOrDefault();

    /// <summary>
    /// Per task of <paramref name="level"/>, the latency of every team of <paramref name="method"/> that ran to its own
    /// end, over all runs (a run without team summaries contributes its own latency), sorted by range (largest minus
    /// smallest), smallest first.
    /// </summary>
    public static IReadOnlyList<ChartSpread> LatencySpread(IEnumerable<RunRecord> records, string method, int level) =>
        Results(records)
            .Where(r => r.Method == method && r.Level == level)
            .GroupBy(r => r.TaskId)
            .Select(g => new ChartSpread(g.Key, g.SelectMany(r => r.Teams.Count > 0
                ? r.Teams.Where(t => t.Status != "cancelled").Select(t => t.LatencySeconds)
                : [r.LatencySeconds]).ToList()))
            .OrderBy(s => s.Values.Count == 0 ? 0 : s.Values.Max() - s.Values.Min())
            .ThenBy(s => s.Label, StringComparer.Ordinal)
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
