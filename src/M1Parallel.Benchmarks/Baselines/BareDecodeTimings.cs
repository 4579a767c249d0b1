namespace M1Parallel.Benchmarks.Baselines;

/// <summary>What a bare loop measured: when its prompts started, and when each step's tokens were sampled.</summary>
public sealed record BareDecodeTimings(int Streams, int TokensPerStream, double FirstTokenAt, double LastTokenAt)
{
    /// <summary>Tokens per second of one stream between its first and last token (decode only).</summary>
    public double DecodeTokensPerSecond => LastTokenAt > FirstTokenAt ? (TokensPerStream - 1) / (LastTokenAt - FirstTokenAt) : 0;

    /// <summary>All streams' tokens over the time from the first prompt token to the last sampled token (pre-fill included),
    /// the measure <see cref="Scheduling.SchedulerBenchmark"/> reports as aggregate tokens/s.</summary>
    public double AggregateTokensPerSecond => LastTokenAt > 0 ? Streams * TokensPerStream / LastTokenAt : 0;
}
