using System.Diagnostics;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Benchmarks;

/// <summary>What a bare loop measured: when its prompts started, and when each step's tokens were sampled.</summary>
public sealed record BareDecodeTimings(int Streams, int TokensPerStream, double FirstTokenAt, double LastTokenAt)
{
    /// <summary>Tokens per second of one stream between its first and last token (decode only).</summary>
    public double DecodeTokensPerSecond => LastTokenAt > FirstTokenAt ? (TokensPerStream - 1) / (LastTokenAt - FirstTokenAt) : 0;

    /// <summary>All streams' tokens over the time from the first prompt token to the last sampled token (pre-fill included),
    /// the measure <see cref="SchedulerBenchmark"/> reports as aggregate tokens/s.</summary>
    public double AggregateTokensPerSecond => LastTokenAt > 0 ? Streams * TokensPerStream / LastTokenAt : 0;
}

/// <summary>
/// The baseline the scheduler is measured against: greedy, straight calls to llama_decode with no scheduler, channel
/// or chat formatting in between; one sequence, or several decoded together (one token each per llama_decode), which
/// is what the library itself can gain from batching on this machine.
/// </summary>
public static unsafe class BareDecodeLoop
{
    /// <summary>Pre-fills the prompt, then decodes <paramref name="tokens"/> tokens; returns decode tokens per second.</summary>
    public static double Run(LlamaModel model, IReadOnlyList<int> prompt, int tokens, int threads, int contextSize = 4096) =>
        RunStreams(model, [prompt], tokens, threads, contextSize).DecodeTokensPerSecond;

    /// <summary>Pre-fills every prompt in its own sequence, then decodes <paramref name="tokens"/> tokens for all of them
    /// together, one token of each sequence per llama_decode.</summary>
    public static BareDecodeTimings RunStreams(LlamaModel model, IReadOnlyList<IReadOnlyList<int>> prompts, int tokens, int threads,
        int contextSize = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfZero(prompts.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prompts.Count, 512);
        if (prompts.Any(p => p.Count == 0))
        {
            throw new ArgumentException("Every prompt needs at least one token.", nameof(prompts));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        model.EnsureCanGenerate();
        const int batchSize = 512;
        var streams = prompts.Count;
        var parameters = LlamaNative.llama_context_default_params();
        parameters.ContextSize = (uint)(contextSize > 0 ? contextSize : Math.Max(512, prompts.Sum(p => p.Count + tokens + 16)));
        parameters.BatchSize = batchSize;
        parameters.MicroBatchSize = batchSize;
        parameters.MaxSequences = (uint)streams;
        parameters.KvUnified = 1; // as the scheduler's context
        parameters.Threads = threads;
        parameters.BatchThreads = threads;
        parameters.NoPerf = 1;
        using var context = SafeLlamaContextHandle.FromPointer(LlamaNative.llama_init_from_model(model.Pointer, parameters));
        if (context.IsInvalid)
        {
            throw new InvalidOperationException($"llama.cpp could not create a context for the bare decode loop ({streams} sequences).");
        }

        var ctx = context.DangerousGetHandle();
        var batch = LlamaNative.llama_batch_init(batchSize, 0, 1);
        using var sampler = SafeLlamaSamplerHandle.FromPointer(LlamaNative.llama_sampler_init_greedy());
        try
        {
            var clock = Stopwatch.StartNew();
            var positions = new int[streams];
            var n = 0;
            // Every prompt but its last token in chunks without logits, then all last tokens in one batch, so each
            // sequence's logits come from the same llama_decode.
            for (var s = 0; s < streams; s++)
            {
                var prompt = prompts[s];
                for (var i = 0; i < prompt.Count - 1; i++)
                {
                    if (n == batchSize)
                    {
                        Decode(ctx, ref batch, ref n);
                    }

                    Set(batch, n++, prompt[i], positions[s]++, s, false);
                }
            }

            if (n > 0)
            {
                Decode(ctx, ref batch, ref n);
            }

            for (var s = 0; s < streams; s++)
            {
                Set(batch, s, prompts[s][^1], positions[s]++, s, true);
            }

            n = streams;
            Decode(ctx, ref batch, ref n);
            double first = 0, lastAt = 0;
            var next = new int[streams];
            for (var generated = 0; generated < tokens; generated++)
            {
                for (var s = 0; s < streams; s++)
                {
                    next[s] = LlamaNative.llama_sampler_sample(sampler.DangerousGetHandle(), ctx, s); // sequence s's token sits at batch index s
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
                    Set(batch, s, next[s], positions[s]++, s, true);
                }

                n = streams;
                Decode(ctx, ref batch, ref n);
            }

            return new BareDecodeTimings(streams, tokens, first, lastAt);
        }
        finally
        {
            LlamaNative.llama_batch_free(batch);
        }
    }

    private static void Decode(IntPtr ctx, ref LlamaBatch batch, ref int n)
    {
        batch.TokenCount = n;
        var rc = LlamaNative.llama_decode(ctx, batch);
        if (rc != 0)
        {
            throw new InvalidOperationException($"llama_decode returned {rc} in the bare decode loop.");
        }

        n = 0;
    }

    private static void Set(LlamaBatch batch, int i, int token, int position, int sequence, bool logits)
    {
        batch.Tokens[i] = token;
        batch.Positions[i] = position;
        batch.SequenceIdCounts[i] = 1;
        batch.SequenceIds[i][0] = sequence;
        batch.Logits[i] = logits ? (sbyte)1 : (sbyte)0;
    }
}
