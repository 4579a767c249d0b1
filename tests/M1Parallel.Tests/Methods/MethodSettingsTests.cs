using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Planning;

namespace M1Parallel.Tests.Methods;

public sealed class MethodSettingsTests
{
    [Theory]
    [InlineData(MethodKind.Aggregate, 0, 1, "teams", "2 or more teams")]
    [InlineData(MethodKind.Aggregate, 3, 4, "k", "k = 4 exceeds teams = 3")]
    [InlineData(MethodKind.Aggregate, 3, 0, "k", "0 is below the minimum 1")]
    [InlineData(MethodKind.EarlyStop, 1, null, "teams", "use kind: single for one team")]
    [InlineData(MethodKind.Single, 3, null, "teams", "a single-team method runs 1 team")]
    [InlineData(MethodKind.EarlyStop, 3, 2, "k", "applies to kind: aggregate only")]
    public void Constructor_ShapeBreakingARule_IsRejectedNamingTheSpecKey(MethodKind kind, int teams, int? k, string key, string problem)
    {
        var error = Assert.Throws<InvalidSettingException>(() => new MethodSettings(kind, teams, k, kind == MethodKind.Aggregate ? AggregatorKind.Majority : null));

        Assert.Equal(key, error.Key);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void Problems_EveryBrokenRule_IsListedOnce()
    {
        var problems = MethodSettings.Problems(MethodKind.Aggregate, 2, 3, null);

        Assert.Equal(["k", "aggregator"], problems.Select(p => p.Key));
        Assert.Contains("majority, llm or best_of_k", problems[1].Problem);
    }

    [Fact]
    public void Replans_Negative_IsRejectedNamingTheSpecKey()
    {
        var error = Assert.Throws<InvalidSettingException>(() => new MethodSettings(MethodKind.EarlyStop, 2) { Replans = -1 });

        Assert.Equal("replans", error.Key);
        Assert.Contains("-1 is below the minimum 0", error.Problem);
    }

    [Fact]
    public void Defaults_AreTheSingleBaselineWithMagenticOnesTeam()
    {
        var settings = new MethodSettings();

        Assert.Equal(MethodKind.Single, settings.Kind);
        Assert.Equal(1, settings.Teams);
        Assert.Null(settings.K);
        Assert.Equal(1, settings.AnswersToWaitFor);
        Assert.Equal(PlanningStrategy.Diverse, settings.Planning); // the paper's default
        Assert.Equal(0, settings.Replans);
        Assert.Equal(new TeamSettings().MaxSteps, settings.Team.MaxSteps);
    }

    [Fact]
    public void K_AggregateWithoutK_WaitsForEveryTeam()
    {
        var settings = new MethodSettings(MethodKind.Aggregate, 4, aggregator: AggregatorKind.Llm);

        Assert.Equal(4, settings.K);
        Assert.Equal(4, settings.AnswersToWaitFor);
    }
}
