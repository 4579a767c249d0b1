namespace M1Parallel.MagenticOne.Teams;

/// <summary>The one table of <see cref="TeamAgents"/> wire names (an experiment spec's <c>agents</c> list); an agent that
/// makes model calls is spelled as its <see cref="TeamRole"/>.</summary>
public static class TeamAgentNames
{
    private static readonly (TeamAgents Agent, string WireName)[] Table =
    [
        (TeamAgents.WebSurfer, TeamRole.WebSurfer.ToWireName()),
        (TeamAgents.FileSurfer, TeamRole.FileSurfer.ToWireName()),
        (TeamAgents.Coder, TeamRole.Coder.ToWireName()),
        (TeamAgents.ComputerTerminal, "computer_terminal"),
    ];

    /// <summary>Every wire name, comma-separated, for messages that list the valid agents.</summary>
    public static string WireNames { get; } = string.Join(", ", Table.Select(a => a.WireName));

    /// <summary>The wire names of the agents in <paramref name="agents"/>, always in the table's order (web_surfer,
    /// file_surfer, coder, computer_terminal), so the same team reads the same however it was written.</summary>
    public static IReadOnlyList<string> ToWireNames(this TeamAgents agents) =>
        Table.Where(a => agents.HasFlag(a.Agent)).Select(a => a.WireName).ToArray();

    /// <summary>Reads one agent's wire name (case-insensitive, surrounding blanks ignored); false when it names no agent.</summary>
    public static bool TryParse(string? wireName, out TeamAgents agent)
    {
        foreach (var (known, name) in Table)
        {
            if (string.Equals(name, wireName?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                agent = known;
                return true;
            }
        }

        agent = TeamAgents.None;
        return false;
    }
}
