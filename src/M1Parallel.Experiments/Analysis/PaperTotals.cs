using M1Parallel.Experiments.Statistics;
using M1Parallel.Experiments.Store;

namespace M1Parallel.Experiments.Analysis;

/// <summary>
/// The paper's per-level report (arXiv 2507.08944): tasks solved out of N, total latency and total cost per level, each
/// with a 95% CI over repetitions, and against the single-team baseline the latency speed-up and the token overhead.
/// Errored runs are not results: a repetition missing one is incomplete and left out of the totals.
/// </summary>
public static class PaperTotals
{
    /// <summary>Totals per level (ascending) and method (first-seen order); speed-up and overhead against <paramref name="baseline"/> when given.</summary>
    public static IReadOnlyList<LevelTotals> PerLevel(IReadOnlyList<RunRecord> records, string? baseline)
    {
        ArgumentNullException.ThrowIfNull(records);

        // N per level: every task the store holds for the level, errored runs included (the task exists; its result is missing).
        var tasksByLevel = records.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.Select(r => r.TaskId).ToHashSet(StringComparer.Ordinal));
        var results = records.Where(r => r.Outcome != RunOutcome.Error).ToList();
        var methods = records.Select(r => r.Method).Distinct(StringComparer.Ordinal).ToList();
        var rows = new List<LevelTotals>();
        foreach (var level in tasksByLevel.Keys.Order())
        {
            var tasks = tasksByLevel[level];
            var totals = methods.ToDictionary(m => m, m => Repetitions(results, records, m, level, tasks), StringComparer.Ordinal);
            foreach (var method in methods)
            {
                var (complete, incomplete) = totals[method];
                if (complete.Count == 0 && incomplete == 0)
                {
                    continue;
                }

                var baseReps = baseline is not null && baseline != method && totals.TryGetValue(baseline, out var b) ? b.Complete : null;
                rows.Add(new LevelTotals(
                    method,
                    level,
                    tasks.Count,
                    complete.Count,
                    incomplete,
                    ConfidenceInterval.Of(complete.Values.Select(t => (double)t.Solved)),
                    ConfidenceInterval.Of(complete.Values.Select(t => t.LatencySeconds)),
                    OfAll(complete.Values.Select(t => t.TeamTokens)),
                    OfAll(complete.Values.Select(t => t.PlannerTokens)),
                    OfAll(complete.Values.Select(t => t.AggregatorTokens)),
                    ConfidenceInterval.Of(complete.Values.Select(t => t.CostUsd)),
                    baseReps is null ? null : Paired(complete, baseReps, (m, s) => s.LatencySeconds / m.LatencySeconds),
                    baseReps is null ? null : Paired(complete, baseReps, (m, s) => m.TeamTokens / s.TeamTokens)));
            }
        }

        return rows;
    }

    // One repetition's totals over the level's tasks. Tokens follow the paper: Σ_i c_i(t_(k)) for the teams, with the
    // planner's and aggregator's tokens kept beside it, never inside it.
    private sealed record Totals(int Solved, double LatencySeconds, double? TeamTokens, double? PlannerTokens, double? AggregatorTokens, double CostUsd);

    private static (Dictionary<int, Totals> Complete, int Incomplete) Repetitions(
        List<RunRecord> results, IReadOnlyList<RunRecord> all, string method, int level, HashSet<string> tasks)
    {
        var complete = new Dictionary<int, Totals>();
        var incomplete = 0;
        foreach (var repetition in all.Where(r => r.Method == method && r.Level == level).Select(r => r.Repetition).Distinct().Order())
        {
            var runs = results.Where(r => r.Method == method && r.Level == level && r.Repetition == repetition).ToList();
            if (!tasks.SetEquals(runs.Select(r => r.TaskId)))
            {
                incomplete++;
                continue;
            }

            complete[repetition] = new Totals(
                runs.Count(r => r.Solved),
                runs.Sum(r => r.LatencySeconds),
                SumAll(runs, t => t.Teams),
                SumAll(runs, t => t.Planner),
                SumAll(runs, t => t.Aggregator),
                runs.Sum(r => r.CostUsd));
        }

        return (complete, incomplete);
    }

    /// <summary>The sum of one part of the split over <paramref name="runs"/>, or null when any run was stored without it.</summary>
    private static double? SumAll(List<RunRecord> runs, Func<RunTokens, TokenCount> part) =>
        runs.All(r => r.Tokens is not null) ? runs.Sum(r => (double)part(r.Tokens!).Total) : null;

    private static MeanEstimate? OfAll(IEnumerable<double?> values)
    {
        var list = values.ToList();
        return list.All(v => v.HasValue) ? ConfidenceInterval.Of(list.Select(v => v!.Value)) : null;
    }

    /// <summary>
    /// A ratio per repetition that both the method and the baseline completed (repetition r against repetition r), then
    /// its mean with a t interval over those repetitions; null when a ratio is undefined (a missing split, a zero).
    /// </summary>
    private static MeanEstimate? Paired(Dictionary<int, Totals> method, Dictionary<int, Totals> baseline, Func<Totals, Totals, double?> ratio)
    {
        var ratios = method.Keys.Where(baseline.ContainsKey).Order().Select(r => ratio(method[r], baseline[r])).ToList();
        return ratios.All(v => v is { } x && double.IsFinite(x)) ? ConfidenceInterval.Of(ratios.Select(v => v!.Value)) : null;
    }
}
