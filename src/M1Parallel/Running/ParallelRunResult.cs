using M1Parallel.Aggregation;
using M1Parallel.Events;
using M1Parallel.FailureMemory;
using M1Parallel.Methods;
using M1Parallel.Usage;

namespace M1Parallel.Running;

/// <summary>The record of one parallel run: outcome, answer, decisive moment t_s, teams, failures and events.</summary>
public sealed record ParallelRunResult
{
    /// <summary>The task the teams worked on.</summary>
    public required string Task { get; init; }

    /// <summary>How the run decided: early stop (a single team is the case n = 1) or aggregation.</summary>
    public required MethodKind Kind { get; init; }

    /// <summary>The final answer; null when every team ended without one (re-plans included).</summary>
    public string? Answer { get; init; }

    /// <summary>Whether the run has a final answer.</summary>
    public bool Answered => Answer is not null;

    /// <summary>When the run started (before planning).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The decisive moment t_s: the k-th answer (t_(1) for early stop), or the last failure when fewer came.</summary>
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>When the run ended (teams awaited, aggregation done).</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>The answers that counted, in arrival order.</summary>
    public required IReadOnlyList<TeamAnswer> Answers { get; init; }

    /// <summary>The aggregator's decision (aggregate mode with at least one answer).</summary>
    public AggregationResult? Aggregation { get; init; }

    /// <summary>One report per team slot, by index.</summary>
    public required IReadOnlyList<TeamReport> Teams { get; init; }

    /// <summary>Every failure recorded in the run's failure memory.</summary>
    public required IReadOnlyList<FailureRecord> Failures { get; init; }

    /// <summary>Every event of the run, in order.</summary>
    public required IReadOnlyList<RunEvent> Events { get; init; }

    /// <summary>The planner's tokens (counted whole, not cut at the decision); empty when it was not metered.</summary>
    public UsageTimeline PlannerUsage { get; init; } = new();

    /// <summary>The aggregator's tokens (counted whole); empty when there was none or it was not metered.</summary>
    public UsageTimeline AggregatorUsage { get; init; } = new();

    /// <summary>Time to the decision, t_s minus the start.</summary>
    public TimeSpan Latency => DecidedAt - StartedAt;

    /// <summary>Σ_i c_i(t_s): the teams' tokens up to the decisive moment.</summary>
    public TokenUsage TeamUsageAtDecision => Teams.Aggregate(TokenUsage.Zero, (sum, team) => sum + team.Usage.UsedUntil(DecidedAt));

    /// <summary>The run's tokens per backend: the teams' up to the decisive moment plus the planner's and aggregator's.</summary>
    public IReadOnlyDictionary<string, TokenUsage> UsageByBackend()
    {
        var sums = new Dictionary<string, TokenUsage>(StringComparer.Ordinal);
        var parts = Teams.Select(team => (team.Usage, DecidedAt))
            .Append((PlannerUsage, DateTimeOffset.MaxValue))
            .Append((AggregatorUsage, DateTimeOffset.MaxValue));
        foreach (var (usage, until) in parts)
        {
            foreach (var (backend, tokens) in usage.UsedUntilByBackend(until))
            {
                sums[backend] = sums.GetValueOrDefault(backend) + tokens;
            }
        }

        return sums;
    }

    /// <summary>The teams' cost up to the decisive moment under <paramref name="pricing"/> (default GPT-4o prices).</summary>
    public decimal CostAtDecision(PricingTable? pricing = null) => (pricing ?? PricingTable.Gpt4o).CostOf(TeamUsageAtDecision);
}
