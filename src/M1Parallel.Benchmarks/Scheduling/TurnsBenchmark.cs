using System.Diagnostics;
using M1Parallel.Benchmarks.Traces;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Synthetic;

namespace M1Parallel.Benchmarks.Scheduling;

/// <summary>An agent-like conversation whose history grows every turn: KV reuse across calls versus none.</summary>
public static class TurnsBenchmark
{
    /// <summary>Runs the conversation with and without reuse; returns both. <paramref name="progress"/> gets a line per turn.</summary>
    public static async Task<(TurnsBenchmarkMode WithReuse, TurnsBenchmarkMode WithoutReuse)> RunAsync(LlamaModel model,
        TurnsWorkload workload, int threads, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var with = await RunOnceAsync(model, true, workload, threads, progress, cancellationToken).ConfigureAwait(false);
        var without = await RunOnceAsync(model, false, workload, threads, progress, cancellationToken).ConfigureAwait(false);
        return (with, without);
    }

    private static async Task<TurnsBenchmarkMode> RunOnceAsync(LlamaModel model, bool reuse, TurnsWorkload workload, int threads,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var context = workload.SystemTokens + workload.Turns.Sum(t => t.AppendTokens + t.OutputTokens) + 64;
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions
        {
            MaxSequences = 2, ContextSize = 2 * context, Threads = threads, ReusePrefixes = reuse,
        });
        var history = new List<int>(SyntheticPrompts.RandomTokens(model, workload.SystemTokens, 1));
        long prompt = 0, reused = 0;
        double prefill = 0;
        var clock = Stopwatch.StartNew();
        for (var turn = 0; turn < workload.Turns.Count; turn++)
        {
            var call = workload.Turns[turn];
            history.AddRange(SyntheticPrompts.RandomTokens(model, call.AppendTokens, 10 + turn));
            var generation = await BenchmarkRequests.GenerateAsync(scheduler, history.ToArray(), call.OutputTokens, clock, cancellationToken).ConfigureAwait(false);
            prompt += generation.Usage.PromptTokens;
            reused += generation.Usage.ReusedPromptTokens;
            prefill += generation.FirstTokenAt - generation.SubmittedAt;
            history.AddRange(generation.Tokens); // the next call resends the reply as part of the history
            progress?.Report($"  {(reuse ? "reuse" : "no reuse")} turn {turn + 1}/{workload.Turns.Count}: prompt {generation.Usage.PromptTokens}, " +
                             $"reused {generation.Usage.ReusedPromptTokens}, pre-fill {(generation.FirstTokenAt - generation.SubmittedAt) * 1000:F0} ms");
        }

        return new TurnsBenchmarkMode(reuse, prompt, reused, prefill);
    }
}
