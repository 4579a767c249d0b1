using System.Text;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Scheduling;

public sealed class InferenceSchedulerTests
{
    private static readonly string[] Prompts =
    [
        "Once upon a time", "Lily and Tom went to the", "The little dog", "One day, a girl named Sue",
        "Tim had a big red ball", "The sun was hot and", "Mom said to Ben",
    ];

    private static async Task<(string Text, InferenceUsage Usage, FinishReason Reason)> Run(
        InferenceScheduler scheduler, IReadOnlyList<int> tokens, int maxTokens, CancellationToken ct = default)
    {
        var text = new StringBuilder();
        InferenceUpdate last = new();
        await foreach (var update in scheduler.GenerateAsync(new InferenceRequest(tokens) { MaxTokens = maxTokens }, ct))
        {
            text.Append(update.Text);
            last = update;
        }

        return (text.ToString(), last.Usage!, last.FinishReason!.Value);
    }

    private static int[] Tokens(LlamaModel model, string text) => model.Vocabulary.Tokenize(text, addSpecial: true);

    [Fact]
    public async Task SevenRequests_OverThreeSlots_AllCompleteWithTheirTokenCounts()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 2048, MaxSequences = 3 });

        var results = await Task.WhenAll(Prompts.Select((p, i) => Run(scheduler, Tokens(model, p), 10 + i * 3)));

        for (var i = 0; i < Prompts.Length; i++)
        {
            Assert.Equal(FinishReason.Length, results[i].Reason);
            Assert.Equal(10 + i * 3, results[i].Usage.GeneratedTokens);
            Assert.Equal(Tokens(model, Prompts[i]).Length, results[i].Usage.PromptTokens);
        }

        Assert.True(scheduler.Metrics.BatchOccupancy > 1.0, $"batched steps should hold several sequences, got {scheduler.Metrics.BatchOccupancy:F2}");
        Assert.True(scheduler.Metrics.BatchOccupancy <= 3.0);
    }

    [Fact]
    public async Task Queued_NeverDecodesTwoRequestsAtOnce()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model,
            new InferenceSchedulerOptions { Threads = 1, ContextSize = 2048, MaxSequences = 3, Policy = SchedulingPolicy.Queued });

        var results = await Task.WhenAll(Prompts.Take(5).Select(p => Run(scheduler, Tokens(model, p), 12)));

        Assert.All(results, r => Assert.Equal(12, r.Usage.GeneratedTokens));
        Assert.Equal(1.0, scheduler.Metrics.BatchOccupancy);
        Assert.Equal(5 * 12, scheduler.Metrics.GeneratedTokens);
    }

    [Fact]
    public async Task Batched_GreedyOutputs_EqualEachRequestRunAlone()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var alone = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 1024, MaxSequences = 1 });
        var solo = new List<string>();
        foreach (var prompt in Prompts.Take(3))
        {
            solo.Add((await Run(alone, Tokens(model, prompt), 30)).Text);
        }

        await using var batched = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 1024, MaxSequences = 3, ReusePrefixes = false });
        var together = await Task.WhenAll(Prompts.Take(3).Select(p => Run(batched, Tokens(model, p), 30)));

        // F32 weights: no quantization near-ties, so batching must not change greedy text.
        Assert.Equal(solo, together.Select(r => r.Text));
    }

    [Fact]
    public async Task FiftyRequests_WithRandomCancellations_AllEnd_NoCacheLeaks_MetricsAddUp()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 2048, MaxSequences = 4 });
        var random = new Random(42);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var cts = new CancellationTokenSource();
            if (random.Next(3) == 0)
            {
                cts.CancelAfter(TimeSpan.FromMilliseconds(random.Next(0, 40)));
            }

            try
            {
                var r = await Run(scheduler, Tokens(model, Prompts[i % Prompts.Length]), 8 + i % 16, cts.Token);
                return r.Usage.GeneratedTokens == 8 + i % 16 ? "completed" : "wrong-count";
            }
            catch (OperationCanceledException)
            {
                return "cancelled";
            }
        }));

        var metrics = scheduler.Metrics;
        Assert.DoesNotContain("wrong-count", outcomes);
        Assert.Equal(50, metrics.Completed);
        // A caller can cancel after its last token was decoded: it sees the cancellation, the scheduler a completion.
        Assert.InRange(metrics.Cancelled, 0, outcomes.Count(o => o == "cancelled"));
        Assert.Equal(0, metrics.Failed);
        var cache = await scheduler.InspectCacheAsync();
        Assert.All(cache, c => Assert.Equal(c.Tracked, c.InCache));
        Assert.Equal(4, await scheduler.ClearIdleCacheAsync() + cache.Count(c => c.Tracked == 0));
        Assert.All(await scheduler.InspectCacheAsync(), c => Assert.Equal((0, 0), c));
    }

    [Fact]
    public async Task GrowingConversation_SecondCall_PrefillsOnlyTheNewTokens()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 2048, MaxSequences = 2 });
        var first = Tokens(model, "Once upon a time, there was a little girl named Lily.");
        var (reply, firstUsage, _) = await Run(scheduler, first, 12);

        var second = Tokens(model, "Once upon a time, there was a little girl named Lily." + reply + " Then Tom came.");
        var (_, secondUsage, _) = await Run(scheduler, second, 5);

        Assert.Equal(0, firstUsage.ReusedPromptTokens);
        Assert.True(secondUsage.ReusedPromptTokens >= first.Length, $"reused {secondUsage.ReusedPromptTokens} of {second.Length}");
        Assert.True(secondUsage.ComputedPromptTokens <= second.Length - first.Length);
    }

    [Fact]
    public async Task SharedPrefix_IsCopiedFromAnotherSequence()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 2048, MaxSequences = 3 });
        var prefix = string.Join(' ', Enumerable.Repeat("Lily and Tom went to the park to play.", 4));
        await Run(scheduler, Tokens(model, prefix + " Lily said"), 4);

        // A second, concurrent-style request lands on another slot only if the first is busy; force that with two at once.
        var both = await Task.WhenAll(
            Run(scheduler, Tokens(model, prefix + " Tom said"), 20),
            Run(scheduler, Tokens(model, prefix + " Mom said"), 20));

        var prefixLength = Tokens(model, prefix).Length;
        Assert.All(both, r => Assert.True(r.Usage.ReusedPromptTokens >= prefixLength - 1,
            $"reused {r.Usage.ReusedPromptTokens}, prefix {prefixLength}"));
    }

    [Fact]
    public async Task StopSequence_EndsGeneration_AndIsNotReturned()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 1024, MaxSequences = 1 });
        var text = new StringBuilder();
        FinishReason? reason = null;

        await foreach (var update in scheduler.GenerateAsync(new InferenceRequest(Tokens(model, "Once upon a time")) { MaxTokens = 60, StopSequences = ["Lily"] }))
        {
            text.Append(update.Text);
            reason = update.FinishReason ?? reason;
        }

        Assert.Equal(FinishReason.Stop, reason);
        Assert.Equal(", there was a little girl named ", text.ToString());
    }
}
