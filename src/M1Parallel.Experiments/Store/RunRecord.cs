namespace M1Parallel.Experiments.Store;

/// <summary>One finished run of one method on one task, as the results store keeps it.</summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Method">The method's name in the experiment spec.</param>
/// <param name="Repetition">The repetition's number (1-based).</param>
/// <param name="Level">The task's GAIA level.</param>
/// <param name="Answer">The run's final answer, or null when it gave none.</param>
/// <param name="Solved">Whether the answer scored correct.</param>
/// <param name="LatencySeconds">Wall-clock seconds from start to final answer (or to the limit / error).</param>
/// <param name="PromptTokens">Prompt tokens of all teams up to the decisive moment, planner and aggregator calls included.</param>
/// <param name="CompletionTokens">Completion tokens of all teams up to the decisive moment, planner and aggregator calls included.</param>
/// <param name="CostUsd">Cost in US dollars of hosted calls (0 for a local model).</param>
/// <param name="Teams">Per-team summaries.</param>
/// <param name="EventsJson">The run's event stream as a JSON array.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="FinishedAt">When the run finished.</param>
/// <param name="Outcome">Completed, timed out or error.</param>
/// <param name="Error">The error's text when the outcome is not completed.</param>
/// <param name="Tokens">The same tokens kept apart (teams, planner, aggregator); null for runs stored before they were recorded.</param>
public sealed record RunRecord(
    string Experiment,
    string TaskId,
    string Method,
    int Repetition,
    int Level,
    string? Answer,
    bool Solved,
    double LatencySeconds,
    long PromptTokens,
    long CompletionTokens,
    double CostUsd,
    IReadOnlyList<TeamSummary> Teams,
    string EventsJson,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    RunOutcome Outcome,
    string? Error,
    RunTokens? Tokens = null)
{
    /// <summary>The record's key in the store.</summary>
    public RunKey Key => new(Experiment, TaskId, Method, Repetition);
}
