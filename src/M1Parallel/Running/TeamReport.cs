using M1Parallel.Aggregation;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Planning;
using M1Parallel.Usage;

namespace M1Parallel.Running;

/// <summary>What one team slot did in a run: what the slot adds to its last attempt's <see cref="TeamResult"/>.</summary>
/// <param name="TeamIndex">The slot i.</param>
/// <param name="State">How it ended.</param>
/// <param name="Plans">Every plan it ran, the initial one first, then each re-plan.</param>
/// <param name="Last">Its last finished attempt; null when it was cancelled before one finished (or its team could not be made).</param>
/// <param name="StopReason">Why it stopped: its last attempt's <see cref="TeamResult.StopSummary"/>, or why the slot itself ended (cancelled, re-planning failed).</param>
/// <param name="EndedAt">When it ended (answered, failed, or finished cancelling).</param>
/// <param name="Usage">Its usage timeline over all attempts.</param>
public sealed record TeamReport(
    int TeamIndex,
    TeamState State,
    IReadOnlyList<Plan> Plans,
    TeamResult? Last,
    string StopReason,
    DateTimeOffset EndedAt,
    UsageTimeline Usage)
{
    /// <summary>Its answer when <see cref="State"/> is <see cref="TeamState.Answered"/> (an answer after the decision does not count).</summary>
    public string? Answer => State == TeamState.Answered ? Last?.Answer : null;

    /// <summary>The attempt it ended in: 0 for the first plan, 1 after the first re-plan, and so on.</summary>
    public int Attempt => Plans.Count - 1;

    /// <summary>The messages of its last finished attempt (what an aggregator reads); empty when no attempt finished.</summary>
    public IReadOnlyList<TeamMessage> Messages => Last is null ? [] : TeamMessages.From(Last.Transcript.Entries);
}
