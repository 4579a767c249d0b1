using System.Text.Json.Serialization;
using M1Parallel.Aggregation;
using M1Parallel.Experiments.Estimation;

namespace M1Parallel.Experiments.Store;

/// <summary>One team's part in a run: whether and what it answered, when, after how many steps, and its tokens.</summary>
/// <param name="Team">The team's index within the run (0-based).</param>
/// <param name="Status">"answered", "cancelled" (stopped early because another team won) or "failed".</param>
/// <param name="Answer">The team's final answer, or null.</param>
/// <param name="LatencySeconds">Seconds from the run's start to the team's end.</param>
/// <param name="Steps">Orchestrator steps the team took.</param>
/// <param name="PromptTokens">Prompt tokens the team used.</param>
/// <param name="CompletionTokens">Completion tokens the team used.</param>
/// <param name="Timeline">Cumulative usage over time, when the method recorded it.</param>
/// <param name="StopReason">Why the team's last attempt stopped, in words (null in runs stored before it was kept).</param>
/// <param name="Messages">The messages its members exchanged (what an LLM aggregator reads), kept in the store's own
/// table and read only on request (<see cref="ResultsStore.ReadTeamMessagesAsync"/>); null when not read or not kept.</param>
public sealed record TeamSummary(
    int Team,
    string Status,
    string? Answer,
    double LatencySeconds,
    int Steps,
    long PromptTokens,
    long CompletionTokens,
    IReadOnlyList<UsagePoint>? Timeline = null,
    string? StopReason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TeamMessage>? Messages = null);
