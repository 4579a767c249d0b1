using System.Text.Json.Serialization;

namespace M1Parallel.Benchmarks.Traces;

/// <summary>One model call of a team.</summary>
public sealed record AgentTraceCall
{
    /// <summary>New prompt tokens since the previous call (observation, instruction).</summary>
    [JsonPropertyName("append_tokens")]
    public int AppendTokens { get; init; }

    /// <summary>Tokens the model generated.</summary>
    [JsonPropertyName("output_tokens")]
    public int OutputTokens { get; init; }

    /// <summary>Time the team then spent in a tool (browser, code) before its next call.</summary>
    [JsonPropertyName("tool_ms")]
    public int ToolMilliseconds { get; init; }
}
