using System.Globalization;
using System.Text;
using System.Text.Json;

namespace M1Parallel.Experiments.Store;

/// <summary>Writes run records as CSV (one flat row per run) or JSON Lines (every field, events and teams included).</summary>
public static class ResultsExporter
{
    /// <summary>The CSV columns, in order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "experiment", "task_id", "method", "repetition", "level", "answer", "solved", "latency_s", "prompt_tokens",
        "completion_tokens", "cost_usd", "teams", "started_at", "finished_at", "outcome", "error",
    ];

    /// <summary>Writes a header and one row per record; text fields are quoted when they need it.</summary>
    public static async Task WriteCsvAsync(IEnumerable<RunRecord> records, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteLineAsync(string.Join(",", CsvColumns).AsMemory(), cancellationToken);
        foreach (var r in records)
        {
            string[] cells =
            [
                r.Experiment, r.TaskId, r.Method, Invariant(r.Repetition), Invariant(r.Level), r.Answer ?? string.Empty,
                r.Solved ? "true" : "false", Invariant(r.LatencySeconds), Invariant(r.PromptTokens), Invariant(r.CompletionTokens),
                Invariant(r.CostUsd), Invariant(r.Teams.Count), r.StartedAt.ToString("O", CultureInfo.InvariantCulture),
                r.FinishedAt.ToString("O", CultureInfo.InvariantCulture), JsonNamingOf(r.Outcome), r.Error ?? string.Empty,
            ];
            await writer.WriteLineAsync(string.Join(",", cells.Select(Quote)).AsMemory(), cancellationToken);
        }
    }

    /// <summary>Writes one JSON object per record and line, with the events embedded as JSON.</summary>
    public static async Task WriteJsonlAsync(IEnumerable<RunRecord> records, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var r in records)
        {
            using var events = JsonDocument.Parse(string.IsNullOrWhiteSpace(r.EventsJson) ? "[]" : r.EventsJson);
            var line = JsonSerializer.Serialize(
                new
                {
                    r.Experiment,
                    r.TaskId,
                    r.Method,
                    r.Repetition,
                    r.Level,
                    r.Answer,
                    r.Solved,
                    r.LatencySeconds,
                    r.PromptTokens,
                    r.CompletionTokens,
                    r.CostUsd,
                    r.Teams,
                    Events = events.RootElement,
                    r.StartedAt,
                    r.FinishedAt,
                    r.Outcome,
                    r.Error,
                    r.Tokens,
                },
                StoreJson.Options);
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
        }
    }

    private static string JsonNamingOf(RunOutcome outcome) => JsonSerializer.Serialize(outcome, StoreJson.Options).Trim('"');

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Quote(string cell)
    {
        if (cell.IndexOfAny([',', '"', '\n', '\r']) < 0)
        {
            return cell;
        }

        return new StringBuilder("\"").Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
