using M1Parallel.Inference.Scheduling;

namespace M1Parallel.Benchmarks.Scheduling;

/// <summary>
/// One row of <c>m1p bench scheduler</c>: n concurrent streams under one policy, and the bare loop's aggregate on the same
/// prompts: for Batched, all n sequences in each llama_decode; for Queued, one sequence at a time (one stream's rate).
/// </summary>
public sealed record SchedulerBenchmarkRow(int Streams, SchedulingPolicy Policy, double AggregateTokensPerSecond,
    double MeanStreamTokensPerSecond, double WallSeconds, double BatchOccupancy, double BareAggregateTokensPerSecond = 0);
