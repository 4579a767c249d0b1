using M1Parallel.Aggregation;

namespace M1Parallel.Teams;

/// <summary>How one team attempt ended: answered or not, the answer, the transcript, steps taken and why it stopped.</summary>
public sealed record TeamOutcome
{
    private TeamOutcome(bool answered, string? answer, string transcript, int steps, string stopReason, IReadOnlyList<TeamMessage>? messages)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentException.ThrowIfNullOrWhiteSpace(stopReason);
        Answered = answered;
        Answer = answer;
        Transcript = transcript;
        Steps = steps;
        StopReason = stopReason;
        Messages = messages ?? [];
    }

    /// <summary>True when the team produced a final answer.</summary>
    public bool Answered { get; }

    /// <summary>The final answer; null when <see cref="Answered"/> is false.</summary>
    public string? Answer { get; }

    /// <summary>The team's transcript as text (used by the failure memory).</summary>
    public string Transcript { get; }

    /// <summary>The messages the team's members exchanged (what the LLM aggregator reads); empty when the team keeps none.</summary>
    public IReadOnlyList<TeamMessage> Messages { get; }

    /// <summary>How many steps the team took.</summary>
    public int Steps { get; }

    /// <summary>Why the team stopped (for example <c>final answer</c>, <c>stalled</c>, <c>max steps</c>).</summary>
    public string StopReason { get; }

    /// <summary>A team that answered.</summary>
    public static TeamOutcome WithAnswer(string answer, string transcript, int steps, string stopReason = "final answer", IReadOnlyList<TeamMessage>? messages = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(answer);
        return new TeamOutcome(true, answer, transcript, steps, stopReason, messages);
    }

    /// <summary>A team that ended without an answer.</summary>
    public static TeamOutcome WithoutAnswer(string transcript, int steps, string stopReason, IReadOnlyList<TeamMessage>? messages = null) =>
        new(false, null, transcript, steps, stopReason, messages);
}
