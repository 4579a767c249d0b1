using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Scheduling;

/// <summary>The llama.cpp sampler chain that picks one request's tokens: greedy, or top-k, top-p, min-p, temperature and a
/// seeded draw, in that order, each left out when disabled. Owns its native chain.</summary>
internal sealed class SamplerChain : IDisposable
{
    private readonly SafeLlamaSamplerHandle _chain;

    private SamplerChain(SafeLlamaSamplerHandle chain, IReadOnlyList<SamplerStage> stages)
    {
        _chain = chain;
        Stages = stages;
    }

    /// <summary>The samplers in the chain, in order.</summary>
    public IReadOnlyList<SamplerStage> Stages { get; }

    /// <summary>The samplers a chain for <paramref name="sampling"/> holds (a seed is drawn when none is given).</summary>
    public static IReadOnlyList<SamplerStage> Plan(SamplingOptions sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        if (sampling.Temperature <= 0)
        {
            return [new SamplerStage(SamplerStageKind.Greedy, 0)];
        }

        var stages = new List<SamplerStage>(5);
        if (sampling.TopK > 0) stages.Add(new SamplerStage(SamplerStageKind.TopK, sampling.TopK));
        if (sampling.TopP < 1) stages.Add(new SamplerStage(SamplerStageKind.TopP, sampling.TopP));
        if (sampling.MinP > 0) stages.Add(new SamplerStage(SamplerStageKind.MinP, sampling.MinP));
        stages.Add(new SamplerStage(SamplerStageKind.Temperature, sampling.Temperature));
        stages.Add(new SamplerStage(SamplerStageKind.Distribution, sampling.Seed ?? (uint)Random.Shared.Next()));
        return stages;
    }

    /// <summary>Builds the native chain for <paramref name="sampling"/>.</summary>
    public static SamplerChain Create(SamplingOptions sampling)
    {
        var stages = Plan(sampling);
        var chain = LlamaNative.llama_sampler_chain_init(new LlamaSamplerChainParams { NoPerf = 1 });
        foreach (var stage in stages)
        {
            LlamaNative.llama_sampler_chain_add(chain, stage.Kind switch
            {
                SamplerStageKind.Greedy => LlamaNative.llama_sampler_init_greedy(),
                SamplerStageKind.TopK => LlamaNative.llama_sampler_init_top_k((int)stage.Value),
                SamplerStageKind.TopP => LlamaNative.llama_sampler_init_top_p((float)stage.Value, 1),
                SamplerStageKind.MinP => LlamaNative.llama_sampler_init_min_p((float)stage.Value, 1),
                SamplerStageKind.Temperature => LlamaNative.llama_sampler_init_temp((float)stage.Value),
                SamplerStageKind.Distribution => LlamaNative.llama_sampler_init_dist((uint)stage.Value),
                _ => throw new ArgumentOutOfRangeException(nameof(sampling), stage.Kind, "Unknown sampler stage."),
            });
        }

        return new SamplerChain(SafeLlamaSamplerHandle.FromPointer(chain), stages);
    }

    /// <summary>Samples the next token from the logits at <paramref name="batchIndex"/> of the context's last decode.</summary>
    public int Sample(SafeLlamaContextHandle context, int batchIndex) =>
        LlamaNative.llama_sampler_sample(_chain.DangerousGetHandle(), context.DangerousGetHandle(), batchIndex);

    public void Dispose() => _chain.Dispose();
}
