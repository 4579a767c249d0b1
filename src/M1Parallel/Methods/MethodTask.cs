namespace M1Parallel.Methods;

/// <summary>One task for one run of the method, and where the run works.</summary>
/// <param name="Question">The request, in words.</param>
/// <param name="RunFolder">The run's folder; each team attempt works in its own folder inside it.</param>
public sealed record MethodTask(string Question, string RunFolder)
{
    /// <summary>A file attached to the task, copied into every team's folder; null when none.</summary>
    public string? AttachedFile { get; init; }

    /// <summary>The task's correct answer, for the best-of-k oracle aggregator only; null when unknown.</summary>
    public string? GroundTruth { get; init; }

    /// <summary>The planner's base sampling seed, so a run can be repeated; null leaves sampling unseeded.</summary>
    public long? Seed { get; init; }
}
