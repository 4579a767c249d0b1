using M1Parallel.MagenticOne.Agents;
using M1Parallel.MagenticOne.Agents.Coder;
using M1Parallel.MagenticOne.Agents.FileSurfer;
using M1Parallel.MagenticOne.Agents.Terminal;
using M1Parallel.MagenticOne.Agents.WebSurfer;

namespace M1Parallel.MagenticOne.Teams;

/// <summary>The one table of the agents a team can have, in the order a team is made of them: each
/// <see cref="TeamAgents"/> member with its wire name (an experiment spec's <c>agents</c> list; an agent that makes model
/// calls is spelled as its <see cref="TeamRole"/>), its name in the team's conversation and what it can do
/// (<see cref="TeamDescription"/>).</summary>
public static class TeamAgentNames
{
    private static readonly (TeamAgents Agent, string WireName, string Name, string Capabilities)[] Table =
    [
        (TeamAgents.WebSurfer, TeamRole.WebSurfer.ToWireName(), AgentNames.WebSurfer, WebSurferAgent.Capabilities),
        (TeamAgents.FileSurfer, TeamRole.FileSurfer.ToWireName(), AgentNames.FileSurfer, FileSurferCapabilities.Description),
        (TeamAgents.Coder, TeamRole.Coder.ToWireName(), AgentNames.Coder, CoderAgent.Capabilities),
        (TeamAgents.ComputerTerminal, "computer_terminal", AgentNames.ComputerTerminal, ComputerTerminalAgent.Capabilities),
    ];

    /// <summary>The name and capabilities of each agent in <paramref name="agents"/>, in the table's order.</summary>
    internal static IEnumerable<(string Name, string Capabilities)> Members(TeamAgents agents) =>
        Table.Where(a => agents.HasFlag(a.Agent)).Select(a => (a.Name, a.Capabilities));

    /// <summary>Every wire name, comma-separated, for messages that list the valid agents.</summary>
    public static string WireNames { get; } = string.Join(", ", Table.Select(a => a.WireName));

    /// <summary>The wire names of the agents in <paramref name="agents"/>, always in the table's order (web_surfer,
    /// file_surfer, coder, computer_terminal), so the same team reads the same however it was written.</summary>
    public static IReadOnlyList<string> ToWireNames(this TeamAgents agents) =>
        Table.Where(a => agents.HasFlag(a.Agent)).Select(a => a.WireName).ToArray();

    /// <summary>Reads one agent's wire name (case-insensitive, surrounding blanks ignored); false when it names no agent.</summary>
    public static bool TryParse(string? wireName, out TeamAgents agent)
    {
        foreach (var (known, name, _, _) in Table)
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
