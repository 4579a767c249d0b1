using M1Parallel.Experiments.Statistics;

namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>One labelled point of a trade-off chart, each coordinate a mean whose 95% CI is drawn as an error bar.</summary>
public sealed record ChartPoint(string Label, MeanEstimate X, MeanEstimate Y);
