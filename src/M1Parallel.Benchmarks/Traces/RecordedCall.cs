namespace M1Parallel.Benchmarks.Traces;

/// <summary>One model call a team made in a recorded run: when it was sent and ended (seconds from the run's start) and
/// its tokens.</summary>
/// <param name="StartSeconds">When the call was sent; null where the recording did not keep it.</param>
/// <param name="EndSeconds">When its reply arrived.</param>
/// <param name="PromptTokens">The call's whole prompt.</param>
/// <param name="CompletionTokens">The tokens it generated.</param>
public sealed record RecordedCall(double? StartSeconds, double EndSeconds, long PromptTokens, long CompletionTokens);
