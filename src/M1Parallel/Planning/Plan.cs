namespace M1Parallel.Planning;

/// <summary>A plan p_i for one team: free text the team's orchestrator follows.</summary>
/// <param name="Text">The plan, without reasoning sections.</param>
public sealed record Plan(string Text)
{
    /// <summary>No plan from outside: the team's orchestrator surveys the facts and writes its own plan, as Magentic-One
    /// does (the single-team method).</summary>
    public static Plan OrchestratorsOwn { get; } = new("(the team's orchestrator surveys the facts and writes its own plan)") { ByOrchestrator = true };

    /// <summary>The plan text; never empty.</summary>
    public string Text { get; } = string.IsNullOrWhiteSpace(Text)
        ? throw new ArgumentException("A plan needs text; the planner returned an empty plan.", nameof(Text))
        : Text;

    /// <summary>Whether the team's orchestrator makes the plan itself (<see cref="OrchestratorsOwn"/>); <see cref="Text"/> then only says so.</summary>
    public bool ByOrchestrator { get; private init; }
}
