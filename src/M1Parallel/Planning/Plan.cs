using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Planning;

/// <summary>A plan p_i for one team: free text the team's orchestrator follows, with the facts survey it was made from.</summary>
/// <param name="Text">The plan, without reasoning sections.</param>
/// <param name="Facts">The planner's facts survey for the task (π1's, whose conversation the plan continues or samples);
/// the team's task ledger starts from it instead of a survey of its own. Null when the planner has none: the team
/// surveys the facts itself.</param>
public sealed record Plan(string Text, string? Facts = null)
{
    /// <summary>No plan from outside: the team's orchestrator surveys the facts and writes its own plan, as Magentic-One
    /// does (the single-team method).</summary>
    public static Plan OrchestratorsOwn { get; } = new("(the team's orchestrator surveys the facts and writes its own plan)") { ByOrchestrator = true };

    /// <summary>The plan text; never empty.</summary>
    public string Text { get; } = string.IsNullOrWhiteSpace(Text)
        ? throw new ArgumentException("A plan needs text; the planner returned an empty plan.", nameof(Text))
        : Text;

    /// <summary>The facts survey the plan was made from; null when there is none (a blank one counts as none).</summary>
    public string? Facts { get; } = string.IsNullOrWhiteSpace(Facts) ? null : Facts;

    /// <summary>Whether the team's orchestrator makes the plan itself (<see cref="OrchestratorsOwn"/>); <see cref="Text"/> then only says so.</summary>
    public bool ByOrchestrator { get; private init; }

    /// <summary>What the team is given to start from: this plan and its facts, or nothing when the orchestrator plans itself.</summary>
    public GivenPlan? ForTeam => ByOrchestrator ? null : new GivenPlan(Text, Facts);
}
