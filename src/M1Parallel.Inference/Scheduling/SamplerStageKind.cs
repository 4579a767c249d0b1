namespace M1Parallel.Inference.Scheduling;

/// <summary>The llama.cpp samplers a <see cref="SamplerChain"/> is built from.</summary>
internal enum SamplerStageKind
{
    /// <summary>The most likely token (<c>llama_sampler_init_greedy</c>).</summary>
    Greedy,

    /// <summary>Keep the k most likely tokens (<c>llama_sampler_init_top_k</c>).</summary>
    TopK,

    /// <summary>Keep the most likely tokens up to probability p (<c>llama_sampler_init_top_p</c>).</summary>
    TopP,

    /// <summary>Drop tokens below p times the most likely one's probability (<c>llama_sampler_init_min_p</c>).</summary>
    MinP,

    /// <summary>Scale the logits by a temperature (<c>llama_sampler_init_temp</c>).</summary>
    Temperature,

    /// <summary>Draw from what is left with a seeded generator (<c>llama_sampler_init_dist</c>).</summary>
    Distribution,
}
