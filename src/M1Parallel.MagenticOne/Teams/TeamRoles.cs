namespace M1Parallel.MagenticOne.Teams;

/// <summary>The one table of <see cref="TeamRole"/> wire names (experiment specs' <c>routes</c>, <c>m1p run --route</c>,
/// the role on every model call) and the one routing rule between roles.</summary>
public static class TeamRoles
{
    private static readonly (TeamRole Role, string WireName)[] Table =
    [
        (TeamRole.Planner, "planner"),
        (TeamRole.Orchestrator, "orchestrator"),
        (TeamRole.WebSurfer, "web_surfer"),
        (TeamRole.FileSurfer, "file_surfer"),
        (TeamRole.Coder, "coder"),
        (TeamRole.FinalAnswer, "final_answer"),
        (TeamRole.Aggregator, "aggregator"),
    ];

    /// <summary>Every role, in the order a run meets them.</summary>
    public static IReadOnlyList<TeamRole> All { get; } = Table.Select(r => r.Role).ToArray();

    /// <summary>The roles of a team's own calls (all but the planner and the aggregator).</summary>
    public static IReadOnlyList<TeamRole> InTeam { get; } = All.Where(r => r is not (TeamRole.Planner or TeamRole.Aggregator)).ToArray();

    /// <summary>Every wire name, comma-separated, for messages that list the valid roles.</summary>
    public static string WireNames { get; } = string.Join(", ", Table.Select(r => r.WireName));

    /// <summary>The wire name of a role: planner, orchestrator, web_surfer, file_surfer, coder, final_answer or aggregator.</summary>
    public static string ToWireName(this TeamRole role)
    {
        foreach (var (known, wireName) in Table)
        {
            if (known == role)
            {
                return wireName;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown team role.");
    }

    /// <summary>The role a role without a backend of its own follows: the final answer is the orchestrator's own call, so it
    /// goes where the orchestrator goes; every other role follows none (null).</summary>
    public static TeamRole? Follows(this TeamRole role) => role == TeamRole.FinalAnswer ? TeamRole.Orchestrator : null;

    /// <summary>Reads a wire name (case-insensitive, surrounding blanks ignored); false when it names no role.</summary>
    public static bool TryParse(string? wireName, out TeamRole role)
    {
        foreach (var (known, name) in Table)
        {
            if (string.Equals(name, wireName?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = known;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>Reads a wire name (case-insensitive); throws naming the valid names when it names no role.</summary>
    /// <exception cref="ArgumentException">No role has that wire name.</exception>
    public static TeamRole Parse(string wireName)
    {
        ArgumentNullException.ThrowIfNull(wireName);
        return TryParse(wireName, out var role)
            ? role
            : throw new ArgumentException($"Unknown team role '{wireName}'. Use one of: {WireNames}.", nameof(wireName));
    }
}
