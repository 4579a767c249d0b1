namespace M1Parallel.Inference.Scheduling;

/// <summary>One llama.cpp sampler in a <see cref="SamplerChain"/>.</summary>
/// <param name="Kind">Which sampler.</param>
/// <param name="Value">Its parameter: k, p, temperature or seed (unused by <see cref="SamplerStageKind.Greedy"/>).</param>
internal readonly record struct SamplerStage(SamplerStageKind Kind, double Value);
