namespace M1Parallel.Experiments.Estimation;

/// <summary>Cumulative tokens a run had used by <see cref="OffsetSeconds"/> after it started; <see cref="CallStartSeconds"/>
/// is when the model call that added the last tokens was sent (null in runs stored before it was recorded).</summary>
public sealed record UsagePoint(double OffsetSeconds, long PromptTokens, long CompletionTokens, double? CallStartSeconds = null);
