using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Synthetic;
using M1Parallel.Inference.Tests.Support;
using M1Parallel.Inference.Tests.Synthetic;

namespace M1Parallel.Inference.Tests.Scheduling;

/// <summary>The scheduler hands its KV cache type to llama.cpp (type_k and type_v).</summary>
public sealed class KvCacheTypeTests
{
    [Fact]
    public void QuantizedCache_OnHeadsNarrowerThanItsBlock_IsRefusedByLlamaCppNamingTheType()
    {
        // stories260K's heads are 8 wide; q8_0 stores blocks of 32, so llama.cpp refuses the context.
        using var model = LlamaModel.Load(TestPaths.Stories);

        var error = Assert.Throws<InferenceException>(() =>
            new InferenceScheduler(model, new InferenceSchedulerOptions { ContextSize = 512, MaxSequences = 1, Threads = 1, KvCacheType = KvCacheType.Q8_0 }));

        Assert.Contains("q8_0", error.Message);
    }

    [Theory]
    [InlineData(KvCacheType.Q8_0)]
    [InlineData(KvCacheType.Q4_0)]
    public async Task QuantizedCache_OnAQwen3ShapedModel_Generates(KvCacheType type)
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny.gguf");
        await new SyntheticModelBuilder(new SyntheticModelOptions(ModelShape.Qwen3Tiny, SyntheticQuantization.Q8_0, path)).WriteAsync();
        using var model = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = 0 });
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { ContextSize = 512, MaxSequences = 2, Threads = 1, KvCacheType = type });

        var generated = 0;
        await foreach (var update in scheduler.GenerateAsync(new InferenceRequest(SyntheticPrompts.RandomTokens(model, 40, 1)) { MaxTokens = 8, IgnoreEndOfGeneration = true }))
        {
            generated += update.Token >= 0 ? 1 : 0;
        }

        Assert.Equal(8, generated);
    }
}
