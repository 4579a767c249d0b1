using System.Diagnostics;
using LLama;
using LLama.Native;
using M1Parallel.Benchmarks.Baselines;

namespace M1Parallel.Bench.LlamaSharp;

/// <summary>
/// <see cref="BareDecodeLoop"/> through LLamaSharp, step for step: one context whose unified KV cache holds one sequence per
/// prompt, every prompt but its last token pre-filled in chunks of 512 without logits, the last tokens in one decode, then
/// one token of every sequence per decode, greedy.
/// </summary>
internal static class LlamaSharpBareLoop
{
    private const int BatchSize = 512;

    /// <summary>Pre-fills every prompt in its own sequence, then decodes <paramref name="tokens"/> tokens for all of them together.</summary>
    public static BareDecodeTimings RunStreams(LLamaWeights weights, IReadOnlyList<IReadOnlyList<int>> prompts, int tokens, int threads)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        var streams = prompts.Count;
        var parameters = LLamaContextParams.Default();
        parameters.n_ctx = (uint)Math.Max(512, prompts.Sum(p => p.Count + tokens + 16));
        parameters.n_batch = BatchSize;
        parameters.n_ubatch = BatchSize;
        parameters.n_seq_max = (uint)streams;
        parameters.kv_unified = true;
        parameters.n_threads = threads;
        parameters.n_threads_batch = threads;
        parameters.no_perf = true;
        using var context = SafeLLamaContextHandle.Create(weights.NativeHandle, parameters);
        using var sampler = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        sampler.AddGreedySampler();
        var batch = new LLamaBatch();
        var positions = new int[streams];

        var clock = Stopwatch.StartNew();
        for (var s = 0; s < streams; s++)
        {
            for (var i = 0; i < prompts[s].Count - 1; i++)
            {
                if (batch.TokenCount == BatchSize)
                {
                    Decode(context, batch);
                }

                batch.Add(prompts[s][i], positions[s]++, (LLamaSeqId)s, false);
            }
        }

        if (batch.TokenCount > 0)
        {
            Decode(context, batch);
        }

        for (var s = 0; s < streams; s++)
        {
            batch.Add(prompts[s][^1], positions[s]++, (LLamaSeqId)s, true);
        }

        Decode(context, batch);
        double first = 0, lastAt = 0;
        var next = new LLamaToken[streams];
        for (var generated = 0; generated < tokens; generated++)
        {
            for (var s = 0; s < streams; s++)
            {
                next[s] = sampler.Sample(context, s); // sequence s's logits sit at batch index s
            }

            lastAt = clock.Elapsed.TotalSeconds;
            if (generated == 0)
            {
                first = lastAt;
            }

            if (generated == tokens - 1)
            {
                break;
            }

            for (var s = 0; s < streams; s++)
            {
                batch.Add(next[s], positions[s]++, (LLamaSeqId)s, true);
            }

            Decode(context, batch);
        }

        return new BareDecodeTimings(streams, tokens, first, lastAt);
    }

    private static void Decode(SafeLLamaContextHandle context, LLamaBatch batch)
    {
        var result = context.Decode(batch);
        batch.Clear();
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"LLamaSharp's Decode returned {result}.");
        }
    }
}
