using LLama;
using LLama.Common;
using M1Parallel.Benchmarks.Baselines;
using M1Parallel.Inference.Models;

namespace M1Parallel.Bench.LlamaSharp;

/// <summary>
/// Loads the model through one engine and times one bare loop in this process, after a short warm-up loop. A process
/// measures one engine only: both ship a libggml-base.so, and the system's loader would share the first one loaded.
/// </summary>
internal static class EngineRunner
{
    private const int WarmUpTokens = 8;

    /// <summary>Loads <paramref name="modelPath"/> with <paramref name="engine"/> and times <paramref name="tokens"/> tokens of every prompt.</summary>
    public static EngineMeasurement Measure(Engine engine, string modelPath, IReadOnlyList<IReadOnlyList<int>> prompts, int tokens, int threads)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        BareDecodeTimings timings;
        if (engine == Engine.Binding)
        {
            using var model = LlamaModel.Load(modelPath, new LlamaModelOptions { GpuLayers = 0 });
            BareDecodeLoop.RunStreams(model, [prompts[0]], WarmUpTokens, threads);
            timings = BareDecodeLoop.RunStreams(model, prompts, tokens, threads);
        }
        else
        {
            using var weights = LLamaWeights.LoadFromFile(new ModelParams(modelPath) { GpuLayerCount = 0 });
            LlamaSharpBareLoop.RunStreams(weights, [prompts[0]], WarmUpTokens, threads);
            timings = LlamaSharpBareLoop.RunStreams(weights, prompts, tokens, threads);
        }

        return new EngineMeasurement(engine, prompts.Count, timings.DecodeTokensPerSecond * prompts.Count, timings.AggregateTokensPerSecond,
            LoadedLibraries.Llama());
    }
}
