using M1Parallel.Experiments.Statistics;

namespace M1Parallel.Experiments.Analysis;

/// <summary>
/// One method's totals on one GAIA level in the paper's units: per repetition, the tasks solved out of the level's N, the
/// total latency and the total tokens and cost over the level's tasks; each reported as the mean over repetitions with a
/// 95% t interval. Only complete repetitions count (a result for every task of the level), so totals compare.
/// </summary>
/// <param name="Method">The method.</param>
/// <param name="Level">The GAIA level.</param>
/// <param name="Tasks">N: the level's tasks in the store.</param>
/// <param name="Repetitions">Complete repetitions counted.</param>
/// <param name="IncompleteRepetitions">Repetitions left out because some task of the level has no result in them (errored or not yet run).</param>
/// <param name="Solved">Tasks solved out of N.</param>
/// <param name="LatencySeconds">Total latency: Σ over the level's tasks of the time from the run's start to its decided answer.</param>
/// <param name="TeamTokens">Total of Σ_i c_i(t_(k)): the teams' tokens up to the decisive moment; null when some run lacks the split.</param>
/// <param name="PlannerTokens">Total planner tokens, beside the teams'; null when some run lacks the split.</param>
/// <param name="AggregatorTokens">Total aggregator tokens, beside the teams'; null when some run lacks the split.</param>
/// <param name="CostUsd">Total cost of hosted calls (teams to the decisive moment, planner and aggregator).</param>
/// <param name="Speedup">Baseline total latency over this method's, per repetition; null for the baseline itself or without one.</param>
/// <param name="TokenOverhead">This method's team tokens over the baseline's, per repetition; null as for <paramref name="Speedup"/> or without the split.</param>
public sealed record LevelTotals(
    string Method,
    int Level,
    int Tasks,
    int Repetitions,
    int IncompleteRepetitions,
    MeanEstimate Solved,
    MeanEstimate LatencySeconds,
    MeanEstimate? TeamTokens,
    MeanEstimate? PlannerTokens,
    MeanEstimate? AggregatorTokens,
    MeanEstimate CostUsd,
    MeanEstimate? Speedup,
    MeanEstimate? TokenOverhead);
