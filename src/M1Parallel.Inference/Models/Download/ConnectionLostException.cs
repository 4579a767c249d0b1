namespace M1Parallel.Inference.Models.Download;

/// <summary>The connection to the hub broke or stalled, or the hub answered with a passing error: worth another attempt.</summary>
internal sealed class ConnectionLostException(string message, Exception? inner = null) : Exception(message, inner);
