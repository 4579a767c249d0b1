using M1Parallel.Experiments.Statistics;

namespace M1Parallel.Experiments.Analysis;

/// <summary>Table 1's row: the team answering at <see cref="Position"/> (1 = first) in a multi-team method's runs of one level, its latency and steps.</summary>
/// <param name="Method">The method.</param>
/// <param name="Level">The GAIA level.</param>
/// <param name="Position">1 for the first team to answer, 2 for the second, and so on.</param>
/// <param name="Runs">Runs in which at least <see cref="Position"/> teams answered.</param>
/// <param name="LatencySeconds">Time from the run's start to that team's answer.</param>
/// <param name="Steps">Orchestrator steps that team took.</param>
public sealed record TeamOrderRow(string Method, int Level, int Position, int Runs, MeanEstimate LatencySeconds, MeanEstimate Steps);
