using M1Parallel.Aggregation;
using M1Parallel.Planning;
using M1Parallel.Usage;

namespace M1Parallel.Running;

/// <summary>What one team slot did in a run.</summary>
/// <param name="TeamIndex">The slot i.</param>
/// <param name="State">How it ended.</param>
/// <param name="Plans">Every plan it ran, the initial one first, then each re-plan.</param>
/// <param name="Answer">Its answer when <see cref="State"/> is <see cref="TeamState.Answered"/>.</param>
/// <param name="Transcript">The transcript of its last finished attempt (empty when cancelled mid-attempt).</param>
/// <param name="Steps">Steps of its last finished attempt.</param>
/// <param name="StopReason">Why its last attempt stopped.</param>
/// <param name="EndedAt">When it ended (answered, failed, or finished cancelling).</param>
/// <param name="Usage">Its usage timeline over all attempts.</param>
public sealed record TeamReport(
    int TeamIndex,
    TeamState State,
    IReadOnlyList<Plan> Plans,
    string? Answer,
    string Transcript,
    int Steps,
    string StopReason,
    DateTimeOffset EndedAt,
    UsageTimeline Usage)
{
    /// <summary>The messages of its last finished attempt (what an aggregator reads); empty when cancelled mid-attempt.</summary>
    public IReadOnlyList<TeamMessage> Messages { get; init; } = [];
}
