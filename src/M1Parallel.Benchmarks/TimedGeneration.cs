using M1Parallel.Inference.Scheduling;

namespace M1Parallel.Benchmarks;

/// <summary>One timed generation: when it was submitted, when its first and last tokens came, and its usage.</summary>
public sealed record TimedGeneration(double SubmittedAt, double FirstTokenAt, double LastTokenAt, int Generated, InferenceUsage Usage,
    IReadOnlyList<int> Tokens)
{
    /// <summary>Tokens per second between the first and the last generated token (decode only).</summary>
    public double DecodeTokensPerSecond => Generated > 1 && LastTokenAt > FirstTokenAt ? (Generated - 1) / (LastTokenAt - FirstTokenAt) : 0;
}
