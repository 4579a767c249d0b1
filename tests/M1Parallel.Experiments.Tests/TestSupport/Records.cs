using M1Parallel.Experiments.Estimation;
using M1Parallel.Experiments.Store;

namespace M1Parallel.Experiments.Tests.TestSupport;

/// <summary>Run records with defaults, changed per test with <c>with</c>: 1000 + 100 tokens, of which the planner's 100 + 10.</summary>
internal static class Records
{
    public static readonly DateTimeOffset Start = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);

    public static RunRecord Run(string task = "t1", string method = "single", int repetition = 1, string experiment = "exp", bool solved = true, double latency = 10, int level = 1) => new(
        experiment,
        task,
        method,
        repetition,
        level,
        "42",
        solved,
        latency,
        1000,
        100,
        0.25,
        [new TeamSummary(0, "answered", "42", latency, 7, 1000, 100, [new UsagePoint(1.5, 400, 20), new UsagePoint(latency, 1000, 100)])],
        """[{"kind":"team_started","team":0}]""",
        Start,
        Start.AddSeconds(latency),
        RunOutcome.Completed,
        null,
        new RunTokens(new TokenCount(900, 90), new TokenCount(100, 10), new TokenCount(0, 0)));
}
