using System.Text.Json;
using System.Text.Json.Serialization;

namespace M1Parallel.Benchmarks.Traces;

/// <summary>
/// Model calls recorded from agent teams, replayed by <c>m1p bench teams</c>: every team starts from a shared system
/// prompt and task, then each call appends new input (an observation, an instruction), generates a reply, and waits
/// for its tool before the next call.
/// </summary>
public sealed record AgentTrace
{
    /// <summary>The <see cref="Origin"/> of a trace made up to look like real runs.</summary>
    public const string SyntheticOrigin = "synthetic";

    /// <summary>The <see cref="Origin"/> of a trace exported from stored runs (<c>m1p trace export</c>).</summary>
    public const string RecordedOrigin = "recorded";

    /// <summary>Short name.</summary>
    public required string Name { get; init; }

    /// <summary>Where the shape comes from.</summary>
    public string Description { get; init; } = "";

    /// <summary><see cref="SyntheticOrigin"/> or <see cref="RecordedOrigin"/>; null where the file does not say.</summary>
    public string? Origin { get; init; }

    /// <summary>Tokens of the system prompt shared by every team.</summary>
    [JsonPropertyName("system_prompt_tokens")]
    public int SystemPromptTokens { get; init; }

    /// <summary>Tokens of the task text shared by every team.</summary>
    [JsonPropertyName("task_tokens")]
    public int TaskTokens { get; init; }

    /// <summary>One list of calls per team.</summary>
    public required IReadOnlyList<AgentTraceTeam> Teams { get; init; }

    /// <summary>Reads a trace file.</summary>
    /// <exception cref="FormatException">The file is not a valid trace; the message names the problem.</exception>
    public static AgentTrace Load(string path)
    {
        AgentTrace? trace;
        try
        {
            trace = JsonSerializer.Deserialize<AgentTrace>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{path}' is not a valid agent trace: {e.Message}", e);
        }

        if (trace is null || trace.Teams is null || trace.Teams.Count == 0 || trace.Teams.Any(t => t.Calls is null || t.Calls.Count == 0))
        {
            throw new FormatException($"'{path}' must list at least one team, each with at least one call.");
        }

        var bad = trace.Teams.SelectMany((t, i) => t.Calls.Select((c, j) => (i, j, c)))
            .FirstOrDefault(x => x.c.AppendTokens < 0 || x.c.OutputTokens < 1 || x.c.ToolMilliseconds < 0);
        if (bad.c is not null)
        {
            throw new FormatException($"'{path}': team {bad.i} call {bad.j} needs append_tokens ≥ 0, output_tokens ≥ 1 and tool_ms ≥ 0.");
        }

        if (trace.Origin is not (null or SyntheticOrigin or RecordedOrigin))
        {
            throw new FormatException($"'{path}': origin '{trace.Origin}' is neither '{SyntheticOrigin}' nor '{RecordedOrigin}'.");
        }

        return trace;
    }

    /// <summary>Writes the trace to <paramref name="path"/> in the format <see cref="Load"/> reads.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, WriteOptions) + Environment.NewLine);

    /// <summary>How <see cref="Origin"/> reads in a report: where the trace's numbers come from.</summary>
    [JsonIgnore]
    public string OriginText => Origin switch
    {
        SyntheticOrigin => "synthetic: shaped by hand, not recorded from runs",
        RecordedOrigin => "recorded from stored runs",
        _ => "origin not stated",
    };

    private static JsonSerializerOptions WriteOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The same trace with every token count multiplied by <paramref name="factor"/> (at least one token).</summary>
    public AgentTrace Scale(double factor) => this with
    {
        SystemPromptTokens = Math.Max(1, (int)(SystemPromptTokens * factor)),
        TaskTokens = Math.Max(1, (int)(TaskTokens * factor)),
        Teams = Teams.Select(t => new AgentTraceTeam
        {
            Calls = t.Calls.Select(c => c with
            {
                AppendTokens = (int)(c.AppendTokens * factor),
                OutputTokens = Math.Max(1, (int)(c.OutputTokens * factor)),
            }).ToList(),
        }).ToList(),
    };
}
