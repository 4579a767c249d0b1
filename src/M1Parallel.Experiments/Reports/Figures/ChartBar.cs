namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>One bar of a bar chart: its label, height, optional 95% CI half-width drawn as an error bar, and the group that sets its colour.</summary>
public sealed record ChartBar(string Label, double Value, double? Error = null, string? Group = null);
