namespace M1Parallel.Bench.LlamaSharp;

/// <summary>One timed bare loop of one engine.</summary>
/// <param name="Engine">The engine measured.</param>
/// <param name="Streams">Sequences decoded together.</param>
/// <param name="DecodeTokensPerSecond">All streams' decode tokens per second, from the first sampled token to the last.</param>
/// <param name="AggregateTokensPerSecond">All streams' tokens over the time from the first prompt token (pre-fill included).</param>
/// <param name="Libraries">The llama.cpp and ggml CPU libraries the process had loaded (Linux; empty elsewhere).</param>
internal sealed record EngineMeasurement(Engine Engine, int Streams, double DecodeTokensPerSecond, double AggregateTokensPerSecond,
    IReadOnlyList<string> Libraries);
