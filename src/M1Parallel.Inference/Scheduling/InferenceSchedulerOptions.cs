using M1Parallel.Inference.Memory;

namespace M1Parallel.Inference.Scheduling;

/// <summary>Configuration of an <see cref="InferenceScheduler"/>.</summary>
public sealed record InferenceSchedulerOptions
{
    /// <summary>Batched (continuous batching) or Queued (one at a time).</summary>
    public SchedulingPolicy Policy { get; init; } = SchedulingPolicy.Batched;

    /// <summary>Total KV cache size in tokens, shared by all sequences; 0 uses min(model's, 8192 × sequences).</summary>
    public int ContextSize { get; init; } = 8192;

    /// <summary>Sequences (slots) decoded together at most.</summary>
    public int MaxSequences { get; init; } = 4;

    /// <summary>Most tokens per decode step (prompt chunks plus one per decoding sequence).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>CPU threads; 0 uses every core of this machine.</summary>
    public int Threads { get; init; }

    /// <summary>How the KV cache stores keys and values (llama.cpp's type_k and type_v); f16 by default.</summary>
    public KvCacheType KvCacheType { get; init; } = KvCacheType.F16;

    /// <summary>Reuse a slot's cached prefix and copy shared prefixes between slots.</summary>
    public bool ReusePrefixes { get; init; } = true;

    /// <summary>Prefixes shorter than this are computed rather than copied from another slot.</summary>
    public int MinSharedPrefix { get; init; } = 16;

    /// <summary>Clock for metrics.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The context handed to llama.cpp for a model trained with <paramref name="trainedContextLength"/> tokens:
    /// <see cref="ContextSize"/>, or when it is 0, min(trained context, 8192 × sequences).</summary>
    public int ContextSizeFor(int trainedContextLength) =>
        ContextSize > 0 ? ContextSize : (int)Math.Min(trainedContextLength > 0 ? trainedContextLength : int.MaxValue, 8192L * MaxSequences);

    internal void Validate()
    {
        if (ContextSize < 0) throw new ArgumentOutOfRangeException(nameof(ContextSize), ContextSize, "ContextSize must be 0 (automatic) or positive.");
        if (MaxSequences is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(MaxSequences), MaxSequences, "MaxSequences must be between 1 and 256.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be positive.");
        if (!Enum.IsDefined(KvCacheType)) throw new ArgumentOutOfRangeException(nameof(KvCacheType), KvCacheType, $"KvCacheType must be one of {string.Join(", ", KvCacheTypes.Names)}.");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be 0 (all cores) or positive.");
    }
}
