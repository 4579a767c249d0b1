using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using M1Parallel.Serving;

namespace M1Parallel.Benchmarks.Serve;

/// <summary>The figures and checks of one soak run of <c>m1p bench serve</c>.</summary>
public sealed record ServeLoadReport
{
    /// <summary>How the report is written as JSON (camelCase, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The model name served.</summary>
    public required string Model { get; init; }

    /// <summary>Concurrent clients.</summary>
    public required int Clients { get; init; }

    /// <summary>Requests the server served at once (its <c>MaxConcurrentRequests</c>); more waited for a place.</summary>
    public required int ServerLimit { get; init; }

    /// <summary>Requests in all.</summary>
    public required int Requests { get; init; }

    /// <summary>Share of requests whose client was to hang up early.</summary>
    public required double DisconnectRate { get; init; }

    /// <summary>Requests whose client hung up early.</summary>
    public required int DisconnectsInjected { get; init; }

    /// <summary>Requests answered in full.</summary>
    public required int Answered { get; init; }

    /// <summary>Requests the client gave up on, cleanly.</summary>
    public required int Cancelled { get; init; }

    /// <summary>Requests that failed (an HTTP error, a broken stream, a bad reply).</summary>
    public required int Failed { get; init; }

    /// <summary>Up to ten of the failures, each a sentence.</summary>
    public required IReadOnlyList<string> FailureSamples { get; init; }

    /// <summary>Requests sent with <c>stream: true</c>.</summary>
    public required int Streamed { get; init; }

    /// <summary>Tokens in the answered replies, as their usage reported.</summary>
    public required long CompletionTokens { get; init; }

    /// <summary>Median latency of answered requests, in milliseconds.</summary>
    public required double LatencyP50Ms { get; init; }

    /// <summary>95th-percentile latency of answered requests, in milliseconds.</summary>
    public required double LatencyP95Ms { get; init; }

    /// <summary>Longest latency of an answered request, in milliseconds.</summary>
    public required double LatencyMaxMs { get; init; }

    /// <summary>Wall time of the load, in seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Managed heap after warm-up, before the load.</summary>
    public required long ManagedBytesBefore { get; init; }

    /// <summary>Managed heap when half the requests had ended.</summary>
    public required long ManagedBytesAtHalf { get; init; }

    /// <summary>Managed heap after the load.</summary>
    public required long ManagedBytesAfter { get; init; }

    /// <summary>Working set after warm-up, before the load.</summary>
    public required long WorkingSetBytesBefore { get; init; }

    /// <summary>Working set when half the requests had ended.</summary>
    public required long WorkingSetBytesAtHalf { get; init; }

    /// <summary>Working set after the load.</summary>
    public required long WorkingSetBytesAfter { get; init; }

    /// <summary>The server's own request counts, warm-up and health probe included.</summary>
    public required ServerRequestCounts Server { get; init; }

    /// <summary>The scheduler's mean batch occupancy.</summary>
    public required double BatchOccupancy { get; init; }

    /// <summary>Generated tokens per second of decode time.</summary>
    public required double GeneratedTokensPerSecond { get; init; }

    /// <summary>Prompt tokens served from the KV cache.</summary>
    public required long ReusedPromptTokens { get; init; }

    /// <summary>Generations the scheduler cancelled.</summary>
    public required long SchedulerCancelled { get; init; }

    /// <summary>Each check by name, and whether it held.</summary>
    public required IReadOnlyDictionary<string, bool> Checks { get; init; }

    /// <summary>True when every check held.</summary>
    public bool Passed => Checks.Values.All(ok => ok);

    /// <summary>The report as lines for a terminal, ending in PASSED or FAILED.</summary>
    public string Describe()
    {
        const double MiB = 1024 * 1024;
        var sb = new StringBuilder();
        sb.AppendLine($"bench serve: {Model}, {Clients} clients at a server limit of {ServerLimit}, {Requests} requests ({Streamed} streamed), {DisconnectsInjected} disconnects injected (rate {DisconnectRate:0.##})");
        sb.AppendLine($"  answered {Answered}, cancelled cleanly {Cancelled}, failed {Failed} in {DurationSeconds:F1} s; {CompletionTokens} tokens returned");
        sb.AppendLine($"  latency of answered requests: p50 {LatencyP50Ms:F0} ms, p95 {LatencyP95Ms:F0} ms, max {LatencyMaxMs:F0} ms");
        sb.AppendLine($"  server: {Server.Completed} completed, {Server.Cancelled} cancelled, {Server.Rejected} rejected, {Server.Invalid} invalid, {Server.Failed} failed, {Server.InFlight} in flight");
        sb.AppendLine($"  scheduler: batch occupancy {BatchOccupancy:F2}, {GeneratedTokensPerSecond:F0} generated tokens/s of decode time, {ReusedPromptTokens} prompt tokens reused, {SchedulerCancelled} cancelled");
        sb.AppendLine($"  memory (before -> half-way -> after): managed {ManagedBytesBefore / MiB:F1} -> {ManagedBytesAtHalf / MiB:F1} -> {ManagedBytesAfter / MiB:F1} MiB, " +
                      $"working set {WorkingSetBytesBefore / MiB:F1} -> {WorkingSetBytesAtHalf / MiB:F1} -> {WorkingSetBytesAfter / MiB:F1} MiB");
        foreach (var sample in FailureSamples)
        {
            sb.AppendLine($"  failure: {sample}");
        }

        sb.Append("  checks: ").Append(string.Join(", ", Checks.Select(c => $"{c.Key} {(c.Value ? "ok" : "FAILED")}")));
        sb.AppendLine().Append(Passed ? "PASSED" : "FAILED");
        return sb.ToString();
    }
}
