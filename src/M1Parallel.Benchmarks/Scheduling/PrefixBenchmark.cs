using System.Diagnostics;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Synthetic;

namespace M1Parallel.Benchmarks.Scheduling;

/// <summary>n sequences with a common prefix and a short suffix each, submitted together: prefix copied vs recomputed.</summary>
public static class PrefixBenchmark
{
    /// <summary>Best of <paramref name="repeats"/> for each mode.</summary>
    public static async Task<PrefixBenchmarkResult> RunAsync(LlamaModel model, int sequences, int prefixTokens, int suffixTokens,
        int threads, int repeats, CancellationToken cancellationToken = default)
    {
        var prefix = SyntheticPrompts.RandomTokens(model, prefixTokens, 7);
        var prompts = Enumerable.Range(0, sequences)
            .Select(i => prefix.Concat(SyntheticPrompts.RandomTokens(model, suffixTokens, 100 + i)).ToArray()).ToList();
        var shared = (Seconds: double.MaxValue, Computed: 0L);
        var unshared = (Seconds: double.MaxValue, Computed: 0L);
        for (var r = 0; r < repeats; r++)
        {
            var a = await RunOnceAsync(model, prompts, reuse: true, threads, cancellationToken).ConfigureAwait(false);
            var b = await RunOnceAsync(model, prompts, reuse: false, threads, cancellationToken).ConfigureAwait(false);
            shared = a.Seconds < shared.Seconds ? a : shared;
            unshared = b.Seconds < unshared.Seconds ? b : unshared;
        }

        return new PrefixBenchmarkResult(sequences, prefixTokens, suffixTokens, shared.Seconds, unshared.Seconds, shared.Computed, unshared.Computed);
    }

    private static async Task<(double Seconds, long Computed)> RunOnceAsync(LlamaModel model, IReadOnlyList<int[]> prompts,
        bool reuse, int threads, CancellationToken cancellationToken)
    {
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions
        {
            MaxSequences = prompts.Count,
            ContextSize = prompts.Sum(p => p.Length + 8),
            Threads = threads,
            ReusePrefixes = reuse,
        });
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(prompts.Select(p => BenchmarkRequests.GenerateAsync(scheduler, p, 1, clock, cancellationToken))).ConfigureAwait(false);
        return (results.Max(r => r.FirstTokenAt), scheduler.Metrics.ComputedPromptTokens);
    }
}
