namespace M1Parallel.Aggregation;

/// <summary>A team's final answer as the aggregator sees it.</summary>
/// <param name="TeamIndex">The team slot that answered.</param>
/// <param name="Attempt">Which attempt of that slot answered.</param>
/// <param name="Answer">The answer text.</param>
/// <param name="AnsweredAt">When the answer arrived; earlier answers win majority ties.</param>
public sealed record TeamAnswer(int TeamIndex, int Attempt, string Answer, DateTimeOffset AnsweredAt)
{
    /// <summary>The messages the team's members exchanged (see <see cref="TeamMessages"/>); empty when not kept.</summary>
    public IReadOnlyList<TeamMessage> Messages { get; init; } = [];

    /// <summary>Why the team stopped, in words.</summary>
    public string StopReason { get; init; } = "final answer";
}
