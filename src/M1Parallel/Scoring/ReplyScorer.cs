using M1Parallel.MagenticOne.Orchestration;

namespace M1Parallel.Scoring;

/// <summary>How a run's reply is scored everywhere (the results store, best-of-k, re-aggregation): its answer is what follows the last <c>FINAL ANSWER:</c> (else the whole text), judged by <see cref="GaiaScorer"/>.</summary>
public static class ReplyScorer
{
    /// <summary>The answer taken from <paramref name="reply"/> (null for no reply) and whether it scores as correct against <paramref name="groundTruth"/>.</summary>
    public static (string? Answer, bool Correct) Score(string? reply, string groundTruth)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (reply is null)
        {
            return (null, false);
        }

        var answer = FinalAnswerText.AnswerOrText(reply);
        return (answer, GaiaScorer.IsCorrect(answer, groundTruth));
    }
}
