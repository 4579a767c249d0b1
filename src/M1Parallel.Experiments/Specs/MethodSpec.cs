namespace M1Parallel.Experiments.Specs;

/// <summary>One method to compare: single team, early stop with n teams, or aggregation of k of n teams.</summary>
/// <param name="Name">The method's name in results and reports.</param>
/// <param name="Kind">Single, early stop or aggregate.</param>
/// <param name="Teams">Teams run at once (1 for single).</param>
/// <param name="K">Aggregate only: answers to wait for before aggregating (≤ teams).</param>
/// <param name="Aggregator">Aggregate only: majority, llm or best-of-k.</param>
/// <param name="Planning">Repeated or diverse plans.</param>
/// <param name="Backend">The backend every role uses unless routed elsewhere.</param>
/// <param name="Routes">Role → backend overrides (e.g. aggregator → a hosted model).</param>
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
    string Backend,
    IReadOnlyDictionary<string, string> Routes,
    int MaxSteps)
{
    /// <summary>New plans a team that ended without an answer gets from the shared failure memory (default 0: none).</summary>
    public int Replans { get; init; }

    /// <summary>Stalls before a team's orchestrator revises its facts and plan (default 3, as in Magentic-One).</summary>
    public int MaxStalls { get; init; } = 3;

    /// <summary>Whether the model thinks before each team reply (Qwen3's <c>enable_thinking</c>; default false).</summary>
    public bool EnableThinking { get; init; }

    /// <summary>The agents on each team, by name (default all of <see cref="KnownAgents"/>; the orchestrator always is).</summary>
    public IReadOnlyList<string> Agents { get; init; } = KnownAgents;

    /// <summary>Agents a method's <c>agents</c> list may name: the full Magentic-One team.</summary>
    public static IReadOnlyList<string> KnownAgents { get; } = ["web_surfer", "file_surfer", "coder", "computer_terminal"];

    /// <summary>Roles a route may name.</summary>
    public static IReadOnlyList<string> KnownRoles { get; } = ["orchestrator", "planner", "web_surfer", "file_surfer", "coder", "aggregator"];

    /// <summary>Every backend the method's roles use (its own and its routes' targets), each once.</summary>
    public IEnumerable<string> BackendsUsed => KnownRoles.Select(BackendFor).Distinct(StringComparer.Ordinal);

    /// <summary>The backend serving <paramref name="role"/>: its route, else the method's backend.</summary>
    public string BackendFor(string role) => Routes.TryGetValue(role, out var backend) ? backend : Backend;
}
