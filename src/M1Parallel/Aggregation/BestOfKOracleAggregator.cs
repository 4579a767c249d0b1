using M1Parallel.Scoring;

namespace M1Parallel.Aggregation;

/// <summary>
/// An oracle for analysis only: picks an answer that matches the ground truth when any of the k does, judged by
/// <see cref="ReplyScorer"/> as the results store scores a run, so the oracle and the stored score never disagree.
/// </summary>
public sealed class BestOfKOracleAggregator : IAggregator
{
    private readonly string _groundTruth;

    /// <summary>Creates the oracle for one task whose correct answer is <paramref name="groundTruth"/>.</summary>
    public BestOfKOracleAggregator(string groundTruth)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groundTruth);
        _groundTruth = groundTruth;
    }

    /// <inheritdoc />
    public Task<AggregationResult> AggregateAsync(string task, IReadOnlyList<TeamAnswer> answers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            throw new ArgumentException("Best-of-k needs at least one answer.", nameof(answers));
        }

        var correct = answers.Where(a => ReplyScorer.Score(a.Answer, _groundTruth).Correct).ToArray();
        var result = correct.Length > 0
            ? new AggregationResult(correct[0].Answer, "best-of-k", correct.Select(a => a.TeamIndex).ToArray(),
                $"{correct.Length} of {answers.Count} answers match the ground truth.")
            : new AggregationResult(answers[0].Answer, "best-of-k", [answers[0].TeamIndex],
                $"None of the {answers.Count} answers matches the ground truth; the first answer is kept.");
        return Task.FromResult(result);
    }
}
