using M1Parallel.Scoring;

namespace M1Parallel.Aggregation;

/// <summary>Majority vote over answers that GAIA's scorer counts as the same; a tie goes to the answer that arrived first.</summary>
public sealed class MajorityAggregator : IAggregator
{
    /// <inheritdoc />
    public Task<AggregationResult> AggregateAsync(string task, IReadOnlyList<TeamAnswer> answers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            throw new ArgumentException("Majority voting needs at least one answer.", nameof(answers));
        }

        return Task.FromResult(Vote(answers));
    }

    internal static AggregationResult Vote(IReadOnlyList<TeamAnswer> answers)
    {
        // In arrival order (the given order for equal times), each answer joins the first group whose first answer it
        // agrees with; the winner has the most votes and, among equals, the earliest first answer.
        var ordered = answers.Select((answer, position) => (answer, position))
            .OrderBy(x => x.answer.AnsweredAt).ThenBy(x => x.position).Select(x => x.answer);
        var groups = new List<List<TeamAnswer>>();
        foreach (var answer in ordered)
        {
            var group = groups.FirstOrDefault(g => GaiaScorer.SameAnswer(g[0].Answer, answer.Answer));
            if (group is null)
            {
                groups.Add([answer]);
            }
            else
            {
                group.Add(answer);
            }
        }

        var ranked = groups.Select((members, rank) => (members, rank))
            .OrderByDescending(g => g.members.Count).ThenBy(g => g.rank).Select(g => g.members).ToArray();
        var winner = ranked[0];
        var votes = string.Join(", ", ranked.Select(g => $"\"{g[0].Answer}\" × {g.Count}"));
        var tie = ranked.Length > 1 && ranked[1].Count == winner.Count ? " (tie broken by the earliest answer)" : string.Empty;
        return new AggregationResult(winner[0].Answer, "majority", winner.Select(a => a.TeamIndex).ToArray(), $"Votes: {votes}{tie}.");
    }
}
