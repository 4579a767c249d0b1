using System.Diagnostics;
using M1Parallel.Inference.Scheduling;

namespace M1Parallel.Benchmarks;

/// <summary>Timed generations, the measurement the scheduler benchmarks share.</summary>
public static class BenchmarkRequests
{
    /// <summary>Runs one greedy generation of exactly <paramref name="tokens"/> tokens and times it on <paramref name="clock"/>.</summary>
    public static async Task<TimedGeneration> GenerateAsync(InferenceScheduler scheduler, IReadOnlyList<int> prompt, int tokens,
        Stopwatch clock, CancellationToken cancellationToken = default)
    {
        var submitted = clock.Elapsed.TotalSeconds;
        double first = 0, last = 0;
        var generated = 0;
        var produced = new List<int>(tokens);
        InferenceUsage? usage = null;
        var request = new InferenceRequest(prompt) { MaxTokens = tokens, IgnoreEndOfGeneration = true, Sampling = SamplingOptions.Greedy };
        await foreach (var update in scheduler.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (update.Token >= 0)
            {
                last = clock.Elapsed.TotalSeconds;
                produced.Add(update.Token);
                if (generated++ == 0)
                {
                    first = last;
                }
            }

            usage = update.Usage ?? usage;
        }

        return new TimedGeneration(submitted, first, last, generated, usage!, produced);
    }
}
