using System.Diagnostics;
using M1Parallel.Benchmarks.Traces;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Synthetic;

namespace M1Parallel.Benchmarks.Scheduling;

/// <summary>Replays an agent trace as n concurrent teams through one scheduler: Batched, Queued, and one team alone.</summary>
public static class TeamsBenchmark
{
    /// <summary>Runs the three modes on the same trace.</summary>
    public static async Task<IReadOnlyList<TeamsBenchmarkRow>> RunAsync(LlamaModel model, AgentTrace trace, int teams, int threads,
        IProgress<string>? log = null, CancellationToken cancellationToken = default)
    {
        var rows = new List<TeamsBenchmarkRow>();
        foreach (var (mode, policy, count) in new[]
                 {
                     ("batched", SchedulingPolicy.Batched, teams), ("queued", SchedulingPolicy.Queued, teams),
                     ("alone", SchedulingPolicy.Batched, 1),
                 })
        {
            var row = await RunOnceAsync(model, trace, mode, policy, count, threads, cancellationToken).ConfigureAwait(false);
            log?.Report($"  {mode,-7} first {row.FirstFinishSeconds:F2}s, last {row.LastFinishSeconds:F2}s");
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<TeamsBenchmarkRow> RunOnceAsync(LlamaModel model, AgentTrace trace, string mode,
        SchedulingPolicy policy, int teams, int threads, CancellationToken cancellationToken)
    {
        var longest = trace.Teams.Take(teams).Max(t => t.Calls.Sum(c => c.AppendTokens + c.OutputTokens));
        var shared = trace.SystemPromptTokens + trace.TaskTokens;
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions
        {
            Policy = policy, MaxSequences = teams, ContextSize = teams * (shared + longest + 64), Threads = threads,
        });
        var prefix = SyntheticPrompts.RandomTokens(model, shared, 3);
        var clock = Stopwatch.StartNew();
        var seconds = await Task.WhenAll(Enumerable.Range(0, teams).Select(async i =>
        {
            var team = trace.Teams[i % trace.Teams.Count];
            var history = new List<int>(prefix);
            for (var c = 0; c < team.Calls.Count; c++)
            {
                var call = team.Calls[c];
                history.AddRange(SyntheticPrompts.RandomTokens(model, call.AppendTokens, 10_000 * (i + 1) + c));
                var generation = await BenchmarkRequests.GenerateAsync(scheduler, history.ToArray(), call.OutputTokens, clock, cancellationToken).ConfigureAwait(false);
                history.AddRange(generation.Tokens);
                if (call.ToolMilliseconds > 0)
                {
                    await Task.Delay(call.ToolMilliseconds, cancellationToken).ConfigureAwait(false);
                }
            }

            return clock.Elapsed.TotalSeconds;
        })).ConfigureAwait(false);
        var metrics = scheduler.Metrics;
        return new TeamsBenchmarkRow(mode, teams, seconds.Min(), seconds.Max(), seconds, metrics.GeneratedTokens, metrics.ReusedPromptTokens);
    }
}
