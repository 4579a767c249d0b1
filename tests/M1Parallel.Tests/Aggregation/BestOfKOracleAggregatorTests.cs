using M1Parallel.Aggregation;

namespace M1Parallel.Tests.Aggregation;

public sealed class BestOfKOracleAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task BestOfK_AnyCorrectAnswer_IsChosen()
    {
        var result = await new BestOfKOracleAggregator("42").AggregateAsync("task",
            [new(0, 0, "41", T0), new(1, 0, "42.0", T0.AddSeconds(1)), new(2, 0, "41", T0.AddSeconds(2))], CancellationToken.None);

        Assert.Equal("42.0", result.Answer);
        Assert.Equal([1], result.SupportingTeams);
    }

    [Fact]
    public async Task BestOfK_NoCorrectAnswer_KeepsTheFirstAndSaysSo()
    {
        var result = await new BestOfKOracleAggregator("42").AggregateAsync("task",
            [new(2, 0, "7", T0), new(0, 0, "8", T0.AddSeconds(1))], CancellationToken.None);

        Assert.Equal("7", result.Answer);
        Assert.Contains("None", result.Rationale);
    }
}
