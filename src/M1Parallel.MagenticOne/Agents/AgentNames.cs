using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.MagenticOne.Agents;

/// <summary>The names team members go by in the thread and the ledgers: the names of their <see cref="TeamAgents"/> flags.</summary>
internal static class AgentNames
{
    public const string Orchestrator = nameof(TeamRole.Orchestrator);
    public const string WebSurfer = nameof(TeamAgents.WebSurfer);
    public const string FileSurfer = nameof(TeamAgents.FileSurfer);
    public const string Coder = nameof(TeamAgents.Coder);
    public const string ComputerTerminal = nameof(TeamAgents.ComputerTerminal);
    public const string User = "user";
    public const string Team = "team";
}
