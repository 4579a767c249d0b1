namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>One column of a spread chart: a label and every value observed for it (e.g. all teams' latencies on a task).</summary>
public sealed record ChartSpread(string Label, IReadOnlyList<double> Values);
