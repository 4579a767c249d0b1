using System.Diagnostics;
using M1Parallel.Inference.Decoding;
using M1Parallel.Inference.Models;

namespace M1Parallel.Benchmarks.Baselines;

/// <summary>
/// The baseline the scheduler is measured against, timed: a <see cref="BareDecoder"/> (greedy, straight calls to
/// llama_decode with no scheduler, channel or chat formatting in between) over one sequence, or several decoded together
/// (one token each per llama_decode), which is what the library itself can gain from batching on this machine.
/// </summary>
public static class BareDecodeLoop
{
    /// <summary>Pre-fills the prompt, then decodes <paramref name="tokens"/> tokens; returns decode tokens per second.</summary>
    public static double Run(LlamaModel model, IReadOnlyList<int> prompt, int tokens, int threads, int contextSize = 4096) =>
        RunStreams(model, [prompt], tokens, threads, contextSize).DecodeTokensPerSecond;

    /// <summary>Pre-fills every prompt in its own sequence, then decodes <paramref name="tokens"/> tokens for all of them
    /// together, one token of each sequence per llama_decode.</summary>
    public static BareDecodeTimings RunStreams(LlamaModel model, IReadOnlyList<IReadOnlyList<int>> prompts, int tokens, int threads,
        int contextSize = 0)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        var streams = prompts.Count;
        using var decoder = new BareDecoder(model, streams, contextSize > 0 ? contextSize : Math.Max(512, prompts.Sum(p => p.Count + tokens + 16)),
            threads);
        var clock = Stopwatch.StartNew();
        decoder.Prefill(prompts);
        double first = 0, lastAt = 0;
        var next = new int[streams];
        for (var generated = 0; generated < tokens; generated++)
        {
            decoder.SampleNext(next);
            lastAt = clock.Elapsed.TotalSeconds;
            if (generated == 0)
            {
                first = lastAt;
            }

            if (generated == tokens - 1)
            {
                break;
            }

            decoder.Decode(next);
        }

        return new BareDecodeTimings(streams, tokens, first, lastAt);
    }
}
