namespace M1Parallel.Benchmarks.Scheduling;

/// <summary>Result of <c>m1p bench prefix</c>: pre-fill time of sequences sharing a prefix, with and without sharing.</summary>
public sealed record PrefixBenchmarkResult(int Sequences, int PrefixTokens, int SuffixTokens, double SharedSeconds,
    double UnsharedSeconds, long SharedComputedTokens, long UnsharedComputedTokens)
{
    /// <summary>How many times faster pre-fill is with sharing.</summary>
    public double Speedup => SharedSeconds > 0 ? UnsharedSeconds / SharedSeconds : 0;
}
