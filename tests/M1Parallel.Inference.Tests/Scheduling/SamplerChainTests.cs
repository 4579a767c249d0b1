using System.Text;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Scheduling;

public sealed class SamplerChainTests
{
    [Fact]
    public void Plan_ZeroTemperature_IsGreedyAlone()
    {
        Assert.Equal([new SamplerStage(SamplerStageKind.Greedy, 0)], SamplerChain.Plan(new SamplingOptions { Temperature = 0, TopK = 5, MinP = 0.1f }));
    }

    [Fact]
    public void Plan_EveryStageOn_FiltersThenScalesThenDrawsWithTheSeed()
    {
        var plan = SamplerChain.Plan(new SamplingOptions { Temperature = 0.7f, TopK = 20, TopP = 0.8f, MinP = 0.05f, Seed = 42 });

        Assert.Equal(
        [
            new SamplerStage(SamplerStageKind.TopK, 20),
            new SamplerStage(SamplerStageKind.TopP, 0.8f),
            new SamplerStage(SamplerStageKind.MinP, 0.05f),
            new SamplerStage(SamplerStageKind.Temperature, 0.7f),
            new SamplerStage(SamplerStageKind.Distribution, 42),
        ], plan);
    }

    [Fact]
    public void Plan_DisabledFilters_AreLeftOut()
    {
        var plan = SamplerChain.Plan(new SamplingOptions { Temperature = 1, TopK = 0, TopP = 1, MinP = 0, Seed = 7 });

        Assert.Equal([SamplerStageKind.Temperature, SamplerStageKind.Distribution], plan.Select(s => s.Kind));
    }

    [Fact]
    public void Plan_NoSeed_DrawsOneSoEveryChainHasItsOwn()
    {
        var seeds = Enumerable.Range(0, 5).Select(_ => SamplerChain.Plan(new SamplingOptions { Temperature = 1 })[^1]).ToList();

        Assert.All(seeds, s => Assert.Equal(SamplerStageKind.Distribution, s.Kind));
        Assert.True(seeds.Select(s => s.Value).Distinct().Count() > 1, "five unseeded chains all drew the same seed");
    }

    [Fact]
    public async Task Create_SameSeed_SamplesTheSameText_AnotherSeedDiffers()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 512, MaxSequences = 1 });
        var prompt = model.Vocabulary.Tokenize("Once upon a time", addSpecial: true);

        async Task<string> Sample(uint seed)
        {
            var text = new StringBuilder();
            var sampling = new SamplingOptions { Temperature = 1.5f, TopK = 0, TopP = 1, Seed = seed };
            await foreach (var update in scheduler.GenerateAsync(new InferenceRequest(prompt) { MaxTokens = 40, Sampling = sampling, IgnoreEndOfGeneration = true }))
            {
                text.Append(update.Text);
            }

            return text.ToString();
        }

        var first = await Sample(1);
        Assert.Equal(first, await Sample(1));
        Assert.NotEqual(first, await Sample(2));
    }
}
