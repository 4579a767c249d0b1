using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Synthetic;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Scheduling;

public sealed class MemoryBudgetTests
{
    private static async Task<InferenceUsage> Run(InferenceScheduler scheduler, int[] prompt, int tokens)
    {
        InferenceUsage? usage = null;
        await foreach (var update in scheduler.GenerateAsync(new InferenceRequest(prompt) { MaxTokens = tokens, IgnoreEndOfGeneration = true }))
        {
            usage = update.Usage ?? usage;
        }

        return usage!;
    }

    [Fact]
    public async Task FullCache_EvictsIdleSequencesLeastRecentlyUsedFirst()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 256, MaxSequences = 3 });
        var a = SyntheticPrompts.RandomTokens(model, 100, 1);
        var b = SyntheticPrompts.RandomTokens(model, 100, 2);
        var c = SyntheticPrompts.RandomTokens(model, 100, 3);

        await Run(scheduler, a, 4);
        await Run(scheduler, b, 4);
        var third = await Run(scheduler, c, 4); // a's cache (oldest) must go to make room
        var bAgain = await Run(scheduler, b, 4);

        Assert.Equal(4, third.GeneratedTokens);
        Assert.True(bAgain.ReusedPromptTokens >= 99, $"b was used more recently than a and should still be cached, reused {bAgain.ReusedPromptTokens}");
        var cache = await scheduler.InspectCacheAsync();
        Assert.All(cache, s => Assert.Equal(s.Tracked, s.InCache));
        Assert.True(cache.Sum(s => s.InCache) <= 256);
    }

    [Fact]
    public async Task RequestsThatDoNotFitTogether_RunOneAfterTheOther_NeitherFails()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 256, MaxSequences = 2 });

        var results = await Task.WhenAll(
            Run(scheduler, SyntheticPrompts.RandomTokens(model, 120, 1), 60),
            Run(scheduler, SyntheticPrompts.RandomTokens(model, 120, 2), 60));

        Assert.All(results, r => Assert.Equal(60, r.GeneratedTokens));
        Assert.Equal(0, scheduler.Metrics.Failed);
        Assert.Equal(1.0, scheduler.Metrics.BatchOccupancy); // the second waited instead of overflowing the cache
    }
}
