namespace M1Parallel.MagenticOne.Teams;

/// <summary>A task ledger's start given to a team from outside (by a planner of parallel teams): the plan the team
/// follows and, when the planner surveyed them, the facts it was made from. Passing none to
/// <see cref="ITeam.RunAsync"/> leaves both to the team's orchestrator, as in Magentic-One.</summary>
public sealed record GivenPlan
{
    /// <summary>Gives a team <paramref name="plan"/> and, when not null, <paramref name="facts"/>.</summary>
    /// <param name="plan">The plan (bullet points) the team follows instead of writing one.</param>
    /// <param name="facts">The facts survey the plan was made from, which the team then takes instead of surveying the
    /// facts itself; null lets the team survey them.</param>
    /// <exception cref="ArgumentException">The plan is blank, or the facts are given but blank.</exception>
    public GivenPlan(string plan, string? facts = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plan);
        if (facts is not null && string.IsNullOrWhiteSpace(facts))
        {
            throw new ArgumentException("The facts are blank; pass null to let the team survey the facts itself.", nameof(facts));
        }

        Plan = plan.Trim();
        Facts = facts?.Trim();
    }

    /// <summary>The plan the team follows.</summary>
    public string Plan { get; }

    /// <summary>The facts survey the team's task ledger starts from; null when the team surveys the facts itself.</summary>
    public string? Facts { get; }
}
