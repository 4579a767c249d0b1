using M1Parallel.Aggregation;

namespace M1Parallel.Tests.Aggregation;

public sealed class MajorityAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TeamAnswer At(int team, double seconds, string answer) => new(team, 0, answer, T0.AddSeconds(seconds));

    [Fact]
    public async Task Majority_AnswersTheGaiaScorerCountsAsTheSame_VoteTogether()
    {
        var result = await new MajorityAggregator().AggregateAsync("task",
            [At(0, 1, "London"), At(1, 2, "$1,000"), At(2, 3, "1000"), At(3, 4, "1000.0")], CancellationToken.None);

        Assert.Equal("$1,000", result.Answer);
        Assert.Equal([1, 2, 3], result.SupportingTeams);
        Assert.Equal("majority", result.Method);
    }

    [Fact]
    public async Task Majority_Tie_GoesToTheAnswerThatArrivedFirst()
    {
        // Given in list order B(2 s), A(1 s), B(3 s), A(4 s): 2–2, and A arrived first.
        var result = await new MajorityAggregator().AggregateAsync("task",
            [At(0, 2, "B"), At(1, 1, "a."), At(2, 3, "b"), At(3, 4, "A")], CancellationToken.None);

        Assert.Equal("a.", result.Answer);
        Assert.Equal([1, 3], result.SupportingTeams);
        Assert.Contains("tie", result.Rationale);
    }

    [Fact]
    public async Task Majority_NoAnswers_IsRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => new MajorityAggregator().AggregateAsync("task", [], CancellationToken.None));
    }
}
