using System.Text.Json;
using System.Text.Json.Serialization;

namespace M1Parallel.Bench.LlamaSharp;

/// <summary>The JSON shape of everything this program writes or passes between its processes.</summary>
internal static class BenchJson
{
    /// <summary>snake_case names, engines as strings, indented.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
