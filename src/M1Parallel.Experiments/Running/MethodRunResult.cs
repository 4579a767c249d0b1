using M1Parallel.Experiments.Store;

namespace M1Parallel.Experiments.Running;

/// <summary>What a method returns for one run: its final answer (or none), token usage, cost, team summaries and events.</summary>
/// <param name="Answer">The final answer (text after <c>FINAL ANSWER:</c> is taken when present), or null when none was given.</param>
/// <param name="PromptTokens">Prompt tokens of all teams up to the decisive moment.</param>
/// <param name="CompletionTokens">Completion tokens of all teams up to the decisive moment.</param>
/// <param name="CostUsd">Cost of hosted calls in US dollars.</param>
/// <param name="Teams">One summary per team.</param>
/// <param name="EventsJson">The run's event stream as a JSON array ("[]" when none).</param>
/// <param name="LatencySeconds">Seconds from the run's start to its final answer (or to the last team's failure), as the
/// method measured it; null lets the experiment runner time the whole call instead.</param>
/// <param name="Tokens">The tokens kept apart (teams up to the decisive moment, planner, aggregator), when the method metered them so.</param>
public sealed record MethodRunResult(
    string? Answer,
    long PromptTokens,
    long CompletionTokens,
    double CostUsd,
    IReadOnlyList<TeamSummary> Teams,
    string EventsJson = "[]",
    double? LatencySeconds = null,
    RunTokens? Tokens = null);
