namespace M1Parallel.Experiments.Store;

/// <summary>A finished run could not be written to the results store; the message says where it was kept and what to do.</summary>
public sealed class ResultsStoreWriteException(string message, Exception inner) : Exception(message, inner);
