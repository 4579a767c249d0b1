using M1Parallel.Experiments.Analysis;

namespace M1Parallel.Experiments.Reports;

/// <summary>The report's main table: per level and method, the paper's totals over repetitions with 95% CIs, speed-up and token overhead.</summary>
internal static class LevelTotalsSection
{
    /// <summary>The section for <paramref name="totals"/>; <paramref name="baseline"/> names the single-team method the ratios compare against.</summary>
    public static ReportSection Create(IReadOnlyList<LevelTotals> totals, string? baseline)
    {
        var footnotes = new List<string>();
        if (totals.Any(t => t.TeamTokens is null || t.PlannerTokens is null || t.AggregatorTokens is null))
        {
            footnotes.Add("¹ n/a: some of these runs were stored before the store kept the teams', planner's and aggregator's tokens apart; " +
                          "their tokens, all together, are in the per-run means below.");
        }

        if (totals.Any(t => t.IncompleteRepetitions > 0))
        {
            footnotes.Add("² Repetitions without a result for every task of the level (an errored run, or one not yet run) are left out of the totals.");
        }

        var comparison = baseline is null
            ? "No single-team baseline was found (give --spec, or keep the method configurations in the store), so there is no speed-up or overhead."
            : $"Speed-up is the baseline '{baseline}''s total latency over the method's, and token overhead the method's team tokens over the baseline's, " +
              "each taken per repetition (repetition r against repetition r) and averaged with a 95% t interval.";
        return new ReportSection(
            "Per level, in the paper's units",
            "Per repetition: tasks solved out of the level's N, total latency (each run's start to its decided answer: the first " +
            "answer for early stop, the aggregator's answer for aggregation, not the end of team teardown), total tokens and cost over the " +
            "level's tasks; shown as the mean over repetitions ± the 95% t half-width. Team tokens are Σ_i c_i(t_(k)), each team's tokens up " +
            "to the decisive moment t_(k) (the k-th answer; t_(1) for early stop), as the paper counts them; planner and aggregator tokens " +
            "are beside them, not inside. Cost includes all three (hosted backends only). " + comparison,
            ["method", "level", "solved (of N)", "total latency s", "team tokens", "planner tokens", "aggregator tokens", "cost USD", "speedup", "token overhead", "reps"],
            totals.Select(t => Row(t, baseline)).ToList())
        {
            Footnotes = footnotes,
        };
    }

    private static IReadOnlyList<string> Row(LevelTotals t, string? baseline) =>
    [
        t.Method,
        ReportFormat.Int(t.Level),
        $"{t.Solved.Format("0.0")} / {ReportFormat.Int(t.Tasks)}",
        t.LatencySeconds.Format("0.0"),
        ReportFormat.OrNotRecorded(t.TeamTokens, "0"),
        ReportFormat.OrNotRecorded(t.PlannerTokens, "0"),
        ReportFormat.OrNotRecorded(t.AggregatorTokens, "0"),
        t.CostUsd.Format("0.000"),
        Ratio(t, baseline, t.Speedup, whenUndefined: "–"),
        Ratio(t, baseline, t.TokenOverhead, whenUndefined: ReportFormat.NotRecorded),
        t.IncompleteRepetitions > 0 ? $"{ReportFormat.Int(t.Repetitions)} (+{ReportFormat.Int(t.IncompleteRepetitions)} incomplete²)" : ReportFormat.Int(t.Repetitions),
    ];

    // A ratio is undefined when a repetition lacks what it divides: for the overhead, mostly runs stored without the split.
    private static string Ratio(LevelTotals t, string? baseline, Statistics.MeanEstimate? ratio, string whenUndefined) =>
        t.Method == baseline ? "baseline"
        : baseline is null ? "–"
        : ratio is null ? whenUndefined
        : ratio.Count == 0 ? "–"
        : ratio.Format("0.00") + "×";
}
