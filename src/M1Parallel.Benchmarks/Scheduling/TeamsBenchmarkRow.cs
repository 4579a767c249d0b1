namespace M1Parallel.Benchmarks.Scheduling;

/// <summary>One mode of <c>m1p bench teams</c>: when the first and the last team finished.</summary>
public sealed record TeamsBenchmarkRow(string Mode, int Teams, double FirstFinishSeconds, double LastFinishSeconds,
    IReadOnlyList<double> TeamSeconds, long GeneratedTokens, long ReusedPromptTokens);
