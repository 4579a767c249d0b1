namespace M1Parallel.Inference.Hosted;

/// <summary>A stream ended (cleanly, as far as HTTP goes) without a finish reason, a usage report or <c>[DONE]</c>, or
/// with tool calls announced that never arrived.</summary>
internal sealed class StreamEndedEarlyException() : Exception("The stream ended without a finish reason, a usage chunk or [DONE].");
