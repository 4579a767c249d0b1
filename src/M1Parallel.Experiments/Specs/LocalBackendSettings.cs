using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Scheduling;
using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Experiments.Specs;

/// <summary>
/// How a local backend runs its GGUF model: the one settings type that an experiment spec's local backend and the
/// command line of <c>m1p run</c>, <c>chat</c>, <c>serve</c> and <c>bench serve</c> map into. Each setting is checked
/// once, as it is set, with an <see cref="InvalidSettingException"/> naming it as a spec does (<c>context_per_sequence</c>;
/// the command line's option is <c>--context-per-sequence</c>).
/// </summary>
public sealed record LocalBackendSettings
{
    /// <summary>The smallest context a sequence may have.</summary>
    public const int MinimumContextPerSequence = 256;

    /// <summary>The smallest total context.</summary>
    public const int MinimumContextTokens = 512;

    /// <summary>The most sequences one llama.cpp context decodes together.</summary>
    public const int MaximumSequences = 256;

    /// <summary>Batched (continuous batching: every sequence decoded together) or queued (one request at a time).</summary>
    public SchedulingPolicy Scheduler { get; init; } = SchedulingPolicy.Batched;

    /// <summary>Tokens of context each sequence (team) has; llama.cpp gets this × <see cref="Sequences"/> in all. Null
    /// (and no <see cref="ContextTokens"/>) for min(the model's trained context, 8192 × sequences) in all.</summary>
    /// <exception cref="InvalidSettingException">Below the minimum, or <see cref="ContextTokens"/> is set too.</exception>
    public int? ContextPerSequence
    {
        get;
        init => field = Context("context_per_sequence", value, MinimumContextPerSequence, ContextTokens);
    }

    /// <summary>The total context every sequence shares (kept for specs written before <see cref="ContextPerSequence"/>);
    /// concurrent sequences then wait for or evict each other when together they need more.</summary>
    /// <exception cref="InvalidSettingException">Below the minimum, or <see cref="ContextPerSequence"/> is set too.</exception>
    public int? ContextTokens
    {
        get;
        init => field = Context("context_tokens", value, MinimumContextTokens, ContextPerSequence);
    }

    /// <summary>Sequences decoded together, or null for the most teams any method sends this backend at once.</summary>
    /// <exception cref="InvalidSettingException">Below 1 or above <see cref="MaximumSequences"/>.</exception>
    public int? Sequences
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfBelow("sequences", value, 1);
            if (value > MaximumSequences)
            {
                throw new InvalidSettingException("sequences", $"{value} is above the maximum {MaximumSequences}");
            }

            field = value;
        }
    }

    /// <summary>CPU threads of the scheduler, or null for every core.</summary>
    /// <exception cref="InvalidSettingException">Below 1 (leave it out for every core).</exception>
    public int? Threads
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfBelow("threads", value, 1);
            field = value;
        }
    }

    /// <summary>Model layers on the GPU (-1 all, 0 none), or null for the command's default (all).</summary>
    /// <exception cref="InvalidSettingException">Below -1.</exception>
    public int? GpuLayers
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfBelow("gpu_layers", value, -1);
            field = value;
        }
    }

    /// <summary>How the KV cache stores keys and values: f16 (default), q8_0 (about half) or q4_0 (about a quarter).</summary>
    /// <exception cref="InvalidSettingException">Not one of the <see cref="KvCacheType"/> values.</exception>
    public KvCacheType KvCacheType
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new InvalidSettingException("kv_cache_type", $"{(int)value} is not one of {string.Join(", ", KvCacheTypes.Names)}");
            }

            field = value;
        }
    } = KvCacheType.F16;

    /// <summary>The GPU layers llama.cpp gets: <see cref="GpuLayers"/>, or -1 (every layer) when unset.</summary>
    public int GpuLayerCount => GpuLayers ?? -1;

    /// <summary>The sequences decoded: <see cref="Sequences"/>, or <paramref name="teamsAtOnce"/> (at least 1) when unset.</summary>
    public int SequencesFor(int teamsAtOnce) => Sequences ?? Math.Max(1, teamsAtOnce);

    /// <summary>These settings, with <paramref name="machine"/>'s <see cref="Threads"/> and <see cref="GpuLayers"/> where
    /// these leave them unset: how <c>m1p experiment --threads/--gpu-layers</c> apply to a spec's local backends
    /// (a spec that says wins). The other settings of <paramref name="machine"/> are not read.</summary>
    public LocalBackendSettings OnMachine(LocalBackendSettings machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return this with { Threads = Threads ?? machine.Threads, GpuLayers = GpuLayers ?? machine.GpuLayers };
    }

    /// <summary>The scheduler's options for <paramref name="sequences"/> sequences; an unset <see cref="Threads"/> uses
    /// every core.</summary>
    /// <exception cref="InvalidSettingException">context_per_sequence × sequences is more tokens than a context can hold.</exception>
    public InferenceSchedulerOptions SchedulerOptions(int sequences)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequences);
        var total = (long?)ContextPerSequence * sequences;
        if (total > int.MaxValue)
        {
            throw new InvalidSettingException("context_per_sequence", $"{ContextPerSequence} × {sequences} sequences is more than a context can hold; lower it");
        }

        return new InferenceSchedulerOptions
        {
            Policy = Scheduler,
            ContextSize = (int?)total ?? ContextTokens ?? 0,
            MaxSequences = sequences,
            Threads = Threads ?? 0,
            KvCacheType = KvCacheType,
        };
    }

    // Both context keys: at least the minimum, and never given with the other.
    private static int? Context(string key, int? value, int minimum, int? other)
    {
        InvalidSettingException.ThrowIfBelow(key, value, minimum);
        if (value is not null && other is not null)
        {
            throw new InvalidSettingException(key,
                "give context_per_sequence (each sequence's context; the total is it × sequences) or context_tokens (one total every sequence shares), not both");
        }

        return value;
    }
}
