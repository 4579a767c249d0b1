namespace M1Parallel.Usage;

/// <summary>Tokens used at one moment of a usage timeline.</summary>
/// <param name="At">When the tokens were used (prompt processed, or completion tokens streamed).</param>
/// <param name="Tokens">The tokens.</param>
/// <param name="Estimated">True when the counts are estimated (the backend reported no usage, e.g. after a cancellation).</param>
/// <param name="Backend">The named backend that served the call, when the meter knew it.</param>
/// <param name="CallStartedAt">When the call that used the tokens was sent, when the meter knew it.</param>
public sealed record UsageEntry(DateTimeOffset At, TokenUsage Tokens, bool Estimated, string? Backend = null, DateTimeOffset? CallStartedAt = null);
