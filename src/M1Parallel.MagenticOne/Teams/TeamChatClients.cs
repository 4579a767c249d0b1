using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Teams;

/// <summary>The chat client serving each of a team's roles (<see cref="TeamRoles.InTeam"/>); a role not set explicitly
/// follows the role <see cref="TeamRoles.Follows"/> names, else uses the default client.</summary>
public sealed class TeamChatClients
{
    private readonly IChatClient _default;

    /// <summary>Creates a mapping where every role uses <paramref name="defaultClient"/> unless overridden.</summary>
    public TeamChatClients(IChatClient defaultClient)
    {
        ArgumentNullException.ThrowIfNull(defaultClient);
        _default = defaultClient;
    }

    /// <summary>Client for the orchestrator's planning and ledger calls.</summary>
    public IChatClient? Orchestrator { get; init; }

    /// <summary>Client for the WebSurfer agent.</summary>
    public IChatClient? WebSurfer { get; init; }

    /// <summary>Client for the FileSurfer agent.</summary>
    public IChatClient? FileSurfer { get; init; }

    /// <summary>Client for the Coder agent.</summary>
    public IChatClient? Coder { get; init; }

    /// <summary>Client for the final-answer step; unset, it follows the orchestrator's client.</summary>
    public IChatClient? FinalAnswer { get; init; }

    /// <summary>Creates a mapping from a function choosing the client for each of the team's roles.</summary>
    public static TeamChatClients FromRoles(Func<TeamRole, IChatClient> clientForRole)
    {
        ArgumentNullException.ThrowIfNull(clientForRole);
        IChatClient Pick(TeamRole role) => clientForRole(role)
            ?? throw new ArgumentException($"No chat client was given for role '{role.ToWireName()}'.", nameof(clientForRole));
        return new TeamChatClients(Pick(TeamRole.Orchestrator))
        {
            WebSurfer = Pick(TeamRole.WebSurfer),
            FileSurfer = Pick(TeamRole.FileSurfer),
            Coder = Pick(TeamRole.Coder),
            FinalAnswer = Pick(TeamRole.FinalAnswer),
        };
    }

    /// <summary>The client that serves <paramref name="role"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The role is not one of a team's own (the planner, the aggregator).</exception>
    public IChatClient For(TeamRole role) => Set(role) ?? (role.Follows() is { } followed ? For(followed) : _default);

    private IChatClient? Set(TeamRole role) => role switch
    {
        TeamRole.Orchestrator => Orchestrator,
        TeamRole.WebSurfer => WebSurfer,
        TeamRole.FileSurfer => FileSurfer,
        TeamRole.Coder => Coder,
        TeamRole.FinalAnswer => FinalAnswer,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, $"'{role.ToWireName()}' is not a role of a team's own calls."),
    };
}
