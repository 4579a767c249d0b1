namespace M1Parallel.Benchmarks.Traces;

/// <summary>The calls one team made.</summary>
public sealed record AgentTraceTeam
{
    /// <summary>The calls in order.</summary>
    public required IReadOnlyList<AgentTraceCall> Calls { get; init; }
}
