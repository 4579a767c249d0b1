using M1Parallel.MagenticOne.Teams;
using M1Parallel.Routing;

namespace M1Parallel.Experiments.Specs;

/// <summary>One method to compare: single team, early stop with n teams, or aggregation of k of n teams.</summary>
/// <param name="Name">The method's name in results and reports.</param>
/// <param name="Kind">Single, early stop or aggregate.</param>
/// <param name="Teams">Teams run at once (1 for single).</param>
/// <param name="K">Aggregate only: answers to wait for before aggregating (≤ teams).</param>
/// <param name="Aggregator">Aggregate only: majority, llm or best-of-k.</param>
/// <param name="Planning">Repeated or diverse plans.</param>
/// <param name="Routes">The backend every role uses (<c>backend</c>) and the roles routed elsewhere (<c>routes</c>).</param>
/// <param name="MaxSteps">Orchestrator steps a team may take before it gives up.</param>
/// <remarks>Keys of a method in a spec: name, kind, teams, k, aggregator, planning, backend, routes, max_steps, max_stalls,
/// replans, enable_thinking, agents.</remarks>
public sealed record MethodSpec(
    string Name,
    MethodKind Kind,
    int Teams,
    int? K,
    AggregatorKind? Aggregator,
    PlanningKind Planning,
    RoleRoutes Routes,
    int MaxSteps)
{
    /// <summary>New plans a team that ended without an answer gets from the shared failure memory (default 0: none).</summary>
    public int Replans { get; init; }

    /// <summary>Stalls before a team's orchestrator revises its facts and plan (default 3, as in Magentic-One).</summary>
    public int MaxStalls { get; init; } = 3;

    /// <summary>Whether the model thinks before each team reply (Qwen3's <c>enable_thinking</c>; default false).</summary>
    public bool EnableThinking { get; init; }

    /// <summary>The agents on each team (default all; the orchestrator always is).</summary>
    public TeamAgents Agents { get; init; } = TeamAgents.All;
}
