using M1Parallel.MagenticOne.Teams;
using M1Parallel.Usage;

namespace M1Parallel.Teams;

/// <summary>What a team attempt gets from the run: its slot, attempt number, usage timeline and step sink.</summary>
public sealed class TeamContext
{
    /// <summary>Creates a context; the run makes these, tests may too.</summary>
    public TeamContext(int teamIndex, int attempt, UsageTimeline usage, IProgress<TeamStep> steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(teamIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(steps);
        TeamIndex = teamIndex;
        Attempt = attempt;
        Usage = usage;
        Steps = steps;
    }

    /// <summary>The team slot i (0-based) in the run.</summary>
    public int TeamIndex { get; }

    /// <summary>0 for the first plan, 1 after the first re-plan, and so on.</summary>
    public int Attempt { get; }

    /// <summary>The slot's usage timeline, shared by all its attempts.</summary>
    public UsageTimeline Usage { get; }

    /// <summary>Where the team reports its steps (<see cref="TeamOptions.OnStep"/>); each report becomes a timestamped run event.</summary>
    public IProgress<TeamStep> Steps { get; }
}
