namespace M1Parallel.MagenticOne.Teams;

/// <summary>One agent team that carries out one plan for a task; <see cref="Team"/> is Magentic-One's, tests script others.</summary>
/// <remarks>
/// A cancelled team stops promptly (model calls, code, browser) and returns a result with
/// <see cref="TeamStopReason.Cancelled"/> (or throws <see cref="OperationCanceledException"/>); a caller that must not
/// use a result that arrives after its token fired checks the token itself.
/// </remarks>
public interface ITeam
{
    /// <summary>Works on <paramref name="task"/> from <paramref name="givenPlan"/> (its plan, and its facts when it has
    /// them) until it answers or gives up; with none, the team surveys the facts and plans itself.</summary>
    Task<TeamResult> RunAsync(string task, GivenPlan? givenPlan, CancellationToken cancellationToken);
}
