using M1Parallel.Experiments.Analysis;
using M1Parallel.Experiments.Statistics;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Analysis;

public sealed class PaperTotalsTests
{
    /// <summary>t(0.975, 1): the 95% critical value for two repetitions.</summary>
    private const double T1 = 12.706204736174707;

    private static RunRecord Run(string task, string method, int repetition, int level, double latency, bool solved, long teamTokens, long plannerTokens, double cost = 0) =>
        Records.Run(task, method, repetition, solved: solved, latency: latency, level: level) with
        {
            CostUsd = cost,
            Tokens = new RunTokens(new TokenCount(teamTokens, 0), new TokenCount(plannerTokens, 0), new TokenCount(0, 0)),
        };

    /// <summary>Level 1 holds tasks a and b, level 2 task c; two repetitions of the baseline and of es2.</summary>
    internal static IReadOnlyList<RunRecord> Store() =>
    [
        Run("a", "single", 1, 1, 100, true, 1000, 50, 0.10),
        Run("b", "single", 1, 1, 200, false, 2000, 50, 0.20),
        Run("a", "single", 2, 1, 120, true, 1200, 60, 0.12),
        Run("b", "single", 2, 1, 180, true, 1800, 60, 0.18),
        Run("a", "es2", 1, 1, 50, true, 1500, 100),
        Run("b", "es2", 1, 1, 100, true, 3000, 100),
        Run("a", "es2", 2, 1, 60, true, 1800, 100),
        Run("b", "es2", 2, 1, 140, false, 3000, 100),
        Run("c", "single", 1, 2, 400, true, 4000, 40),
        Run("c", "single", 2, 2, 0, false, 0, 0) with { Outcome = RunOutcome.Error, Error = "backend down" },
        Run("c", "es2", 1, 2, 100, true, 6000, 80),
        Run("c", "es2", 2, 2, 300, false, 0, 0) with { Tokens = null },
    ];

    private static void AssertEstimate(double mean, double? halfWidth, MeanEstimate? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(mean, actual.Mean, 9);
        if (halfWidth is null)
        {
            Assert.Null(actual.HalfWidth);
        }
        else
        {
            Assert.Equal(halfWidth.Value, actual.HalfWidth!.Value, 6);
        }
    }

    [Fact]
    public void PerLevel_TwoRepetitions_TotalsEachRepetitionThenAveragesWithATInterval()
    {
        var single = PaperTotals.PerLevel(Store(), "single").Single(t => t.Method == "single" && t.Level == 1);

        // Repetition 1: 1 of 2 solved, 300 s, 3000 team + 100 planner tokens, $0.30; repetition 2: 2 solved, 300 s, 3000 + 120, $0.30.
        Assert.Equal((2, 2, 0), (single.Tasks, single.Repetitions, single.IncompleteRepetitions));
        AssertEstimate(1.5, T1 * Math.Sqrt(0.5) / Math.Sqrt(2), single.Solved);
        AssertEstimate(300, 0, single.LatencySeconds);
        AssertEstimate(3000, 0, single.TeamTokens);
        AssertEstimate(110, T1 * Math.Sqrt(200) / Math.Sqrt(2), single.PlannerTokens);
        AssertEstimate(0, 0, single.AggregatorTokens);
        AssertEstimate(0.30, 0, single.CostUsd);
        Assert.Null(single.Speedup);
        Assert.Null(single.TokenOverhead);
    }

    [Fact]
    public void PerLevel_AgainstTheBaseline_SpeedupAndOverheadArePairedByRepetition()
    {
        var es2 = PaperTotals.PerLevel(Store(), "single").Single(t => t.Method == "es2" && t.Level == 1);

        // Latency 150 s and 200 s against the baseline's 300 s and 300 s: speed-ups 2 and 1.5.
        AssertEstimate(175, T1 * Math.Sqrt(1250) / Math.Sqrt(2), es2.LatencySeconds);
        AssertEstimate(1.75, T1 * Math.Sqrt(0.125) / Math.Sqrt(2), es2.Speedup);

        // Team tokens 4500 and 4800 against 3000 and 3000: overheads 1.5 and 1.6; the planner's 200 per repetition stays out.
        AssertEstimate(4650, T1 * Math.Sqrt(45000) / Math.Sqrt(2), es2.TeamTokens);
        AssertEstimate(1.55, T1 * Math.Sqrt(0.005) / Math.Sqrt(2), es2.TokenOverhead);
        AssertEstimate(200, 0, es2.PlannerTokens);
    }

    [Fact]
    public void PerLevel_RepetitionWithAnErroredRun_IsLeftOutAndCounted()
    {
        var single = PaperTotals.PerLevel(Store(), "single").Single(t => t.Method == "single" && t.Level == 2);

        Assert.Equal((1, 1, 1), (single.Tasks, single.Repetitions, single.IncompleteRepetitions));
        AssertEstimate(1, null, single.Solved);
        AssertEstimate(400, null, single.LatencySeconds);
    }

    [Fact]
    public void PerLevel_RunStoredWithoutTheSplit_LeavesTheTokenTotalsUnknownButTheRestCounted()
    {
        var es2 = PaperTotals.PerLevel(Store(), "single").Single(t => t.Method == "es2" && t.Level == 2);

        Assert.Null(es2.TeamTokens);
        Assert.Null(es2.PlannerTokens);
        AssertEstimate(200, T1 * Math.Sqrt(20000) / Math.Sqrt(2), es2.LatencySeconds);

        // Only repetition 1 has a baseline to pair with: 400 s / 100 s, 6000 / 4000 tokens; one ratio has no interval.
        AssertEstimate(4, null, es2.Speedup);
        AssertEstimate(1.5, null, es2.TokenOverhead);
    }

    [Fact]
    public void PerLevel_NoBaseline_LeavesTheRatiosOut()
    {
        Assert.All(PaperTotals.PerLevel(Store(), baseline: null), t => Assert.Null(t.Speedup));
    }

    [Fact]
    public void PerLevel_Order_IsLevelThenMethodAsFirstStored()
    {
        Assert.Equal([(1, "single"), (1, "es2"), (2, "single"), (2, "es2")], PaperTotals.PerLevel(Store(), "single").Select(t => (t.Level, t.Method)));
    }
}
