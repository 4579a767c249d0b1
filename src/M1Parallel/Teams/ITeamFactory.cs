using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Teams;

/// <summary>Creates a fresh team for one attempt of one team slot of a parallel run.</summary>
/// <remarks>
/// The factory should meter the team's model calls onto <see cref="TeamContext.Usage"/> (with
/// <see cref="Routing.RoleClients"/>) so the run can price each team up to the decisive moment, and report steps to
/// <see cref="TeamContext.Steps"/>. It is called concurrently for different team slots.
/// </remarks>
public interface ITeamFactory
{
    /// <summary>Creates the team that will run the attempt described by <paramref name="context"/>.</summary>
    ITeam Create(TeamContext context);
}
