using M1Parallel.Experiments.Statistics;

namespace M1Parallel.Experiments.Analysis;

/// <summary>A method's latency on one level's runs that it solved and on those it failed (timed-out runs included).</summary>
public sealed record LatencyBreakdown(string Method, int Level, MeanEstimate SolvedLatencySeconds, MeanEstimate FailedLatencySeconds);
