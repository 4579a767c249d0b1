using M1Parallel.Experiments.Analysis;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Analysis;

public sealed class ResultsAnalysisTests
{
    internal static IReadOnlyList<RunRecord> Sample() =>
    [
        Records.Run("a", "single", 1, latency: 40, level: 1),
        Records.Run("a", "single", 2, latency: 60, level: 1, solved: false),
        Records.Run("b", "single", 1, latency: 80, level: 2),
        Records.Run("b", "single", 2, latency: 100, level: 2, solved: false) with { Outcome = RunOutcome.TimedOut },
        Records.Run("a", "es3", 1, latency: 20, level: 1) with
        {
            Teams = [new TeamSummary(0, "cancelled", null, 20, 5, 1, 1), new TeamSummary(1, "answered", "42", 20, 4, 1, 1), new TeamSummary(2, "cancelled", null, 20, 3, 1, 1)],
        },
        Records.Run("b", "es3", 1, latency: 30, level: 2) with
        {
            Teams = [new TeamSummary(0, "answered", "42", 30, 6, 1, 1), new TeamSummary(1, "answered", "41", 50, 8, 1, 1), new TeamSummary(2, "failed", null, 5, 1, 1, 1)],
        },
        Records.Run("c", "es3", 1, latency: 999) with { Outcome = RunOutcome.Error, Error = "x" },
    ];

    [Fact]
    public void Summaries_Records_GivesEachMethodOverallThenPerLevelWithoutErrors()
    {
        var summaries = ResultsAnalysis.Summaries(Sample());

        Assert.Equal(["single/all", "single/1", "single/2", "es3/all", "es3/1", "es3/2"], summaries.Select(s => $"{s.Method}/{s.Level?.ToString() ?? "all"}"));
        var single = summaries[0];
        Assert.Equal(4, single.Runs);
        Assert.Equal(70, single.LatencySeconds.Mean, 9);
        Assert.Equal(0.5, single.Solved.Mean, 9);
        Assert.Equal(2, summaries[3].Runs);
        Assert.Equal(0.25, single.CostUsd.Mean, 9);
    }

    [Fact]
    public void Breakdown_Records_SeparatesSolvedAndFailedLatencyPerLevel()
    {
        var single = ResultsAnalysis.Breakdown(Sample()).Where(b => b.Method == "single").ToList();

        Assert.Equal([1, 2], single.Select(b => b.Level));
        Assert.Equal((40.0, 60.0), (single[0].SolvedLatencySeconds.Mean, single[0].FailedLatencySeconds.Mean));
        Assert.Equal((80.0, 100.0), (single[1].SolvedLatencySeconds.Mean, single[1].FailedLatencySeconds.Mean));
    }

    [Fact]
    public void TeamOrder_MultiTeamRuns_RanksOnlyTheTeamsThatAnsweredPerLevel()
    {
        var rows = ResultsAnalysis.TeamOrder(Sample());

        // Level 1: run a had one answer (two teams cancelled at 20 s); level 2: run b had answers at 30 s and 50 s (one team failed at 5 s).
        Assert.Equal([(1, 1), (2, 1), (2, 2)], rows.Select(r => (r.Level, r.Position)));
        Assert.Equal([20.0, 30, 50], rows.Select(r => r.LatencySeconds.Mean));
        Assert.Equal([4.0, 6, 8], rows.Select(r => r.Steps.Mean));
        Assert.All(rows, r => Assert.Equal(1, r.Runs));
    }

    [Fact]
    public void SpreadMethod_MultiTeamMethodPresent_IsChosenOverTheSingleTeamOne()
    {
        Assert.Equal("es3", ResultsAnalysis.SpreadMethod(Sample()));
        Assert.Equal("single", ResultsAnalysis.SpreadMethod(Sample().Where(r => r.Method == "single")));
    }

    [Fact]
    public void LatencySpread_Level_ListsTeamsThatEndedOnTheirOwnPerTaskSortedByRange()
    {
        var records = Sample().Append(Records.Run("d", "es3", 1, latency: 10, level: 2) with
        {
            Teams = [new TeamSummary(0, "answered", "1", 10, 2, 1, 1), new TeamSummary(1, "answered", "1", 12, 2, 1, 1), new TeamSummary(2, "cancelled", null, 12, 1, 1, 1)],
        }).ToList();

        var spread = ResultsAnalysis.LatencySpread(records, "es3", level: 2);

        // d: {10, 12} spans 2 s; b: {30, 50, 5} spans 45 s; cancelled teams are left out.
        Assert.Equal(["d", "b"], spread.Select(s => s.Label));
        Assert.Equal([10.0, 12], spread[0].Values);
        Assert.Equal([30.0, 50, 5], spread[1].Values);
        Assert.Equal(["a"], ResultsAnalysis.LatencySpread(records, "es3", level: 1).Select(s => s.Label));
    }
}
