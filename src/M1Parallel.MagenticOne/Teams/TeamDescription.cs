using System.Text.RegularExpressions;
using M1Parallel.MagenticOne.Agents;

namespace M1Parallel.MagenticOne.Teams;

/// <summary>The team's members as the planning prompts name them: one <c>Name: what it can do</c> line per agent on the
/// team, in the team's order (WebSurfer, FileSurfer, Coder, ComputerTerminal). The orchestrator describes its team this
/// way, and a planner that plans for the team uses <see cref="For"/>, so both show the same text for the same agents.</summary>
public static partial class TeamDescription
{
    /// <summary>The description of a team of <paramref name="agents"/> (the orchestrator is not listed: it is the one
    /// reading it), as that team's orchestrator writes it into its own prompts.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agents"/> names no agent.</exception>
    public static string For(TeamAgents agents)
    {
        if ((agents & TeamAgents.All) == TeamAgents.None)
        {
            throw new ArgumentOutOfRangeException(nameof(agents), agents, $"A team needs at least one agent ({TeamAgentNames.WireNames}).");
        }

        return Of(TeamAgentNames.Members(agents));
    }

    /// <summary>The description of the agents an orchestrator directs, in their order.</summary>
    internal static string Of(IEnumerable<ITeamAgent> agents) => Of(agents.Select(a => (a.Name, a.Description)));

    private static string Of(IEnumerable<(string Name, string Description)> members) =>
        string.Join("\n", members.Select(m => Whitespace().Replace($"{m.Name}: {m.Description}", " ").Trim()));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
