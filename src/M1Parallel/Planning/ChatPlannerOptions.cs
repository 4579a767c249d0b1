using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Planning;

/// <summary>Settings of <see cref="ChatPlanner"/>, validated at construction.</summary>
public sealed class ChatPlannerOptions
{
    /// <summary>Creates planner settings.</summary>
    /// <param name="strategy">Repeated or diverse planning.</param>
    /// <param name="temperature">Sampling temperature for plans (high for repeated planning); 0 to 2.</param>
    /// <param name="maxOutputTokens">Cap on a plan's length in tokens; positive.</param>
    /// <param name="agents">The agents on the teams the plans are for (the method's <c>agents</c>); the full Magentic-One team by default.</param>
    /// <param name="failureSummaryChars">How much of each failure summary the re-planning prompt shows; positive.</param>
    public ChatPlannerOptions(
        PlanningStrategy strategy = PlanningStrategy.Repeated,
        float temperature = 1.0f,
        int maxOutputTokens = 1024,
        TeamAgents agents = TeamAgents.All,
        int failureSummaryChars = 2000)
    {
        if (!Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Use PlanningStrategy.Repeated or PlanningStrategy.Diverse.");
        }

        if (float.IsNaN(temperature) || temperature < 0f || temperature > 2f)
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The planning temperature must be between 0 and 2.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOutputTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failureSummaryChars);
        Strategy = strategy;
        Temperature = temperature;
        MaxOutputTokens = maxOutputTokens;
        TeamDescription = MagenticOne.Teams.TeamDescription.For(agents);
        FailureSummaryChars = failureSummaryChars;
    }

    /// <summary>Repeated or diverse planning.</summary>
    public PlanningStrategy Strategy { get; }

    /// <summary>Sampling temperature for plans.</summary>
    public float Temperature { get; }

    /// <summary>Cap on a plan's length in tokens.</summary>
    public int MaxOutputTokens { get; }

    /// <summary>The team members the plans may use, described exactly as the teams' orchestrators describe them
    /// (<see cref="MagenticOne.Teams.TeamDescription.For"/>).</summary>
    public string TeamDescription { get; }

    /// <summary>How many characters of each failure summary the re-planning prompt shows (newest kept).</summary>
    public int FailureSummaryChars { get; }

    /// <summary>The name of the file attached to the task, or null: the planner then words the task as the teams'
    /// orchestrators see it (<see cref="TeamTask.Of"/>), so its facts and plans know of the file.</summary>
    public string? AttachedFileName { get; init; }

    /// <summary>Base sampling seed so reruns are comparable; the k-th plan request uses seed + k, so plans still differ. Null leaves sampling unseeded.</summary>
    public long? Seed { get; init; }
}
