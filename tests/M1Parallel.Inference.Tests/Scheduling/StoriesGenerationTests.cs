using System.Text;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Scheduling;

public sealed class StoriesGenerationTests
{
    private static async Task<(string Text, InferenceUsage Usage, FinishReason Reason)> GenerateAsync(
        InferenceScheduler scheduler, string prompt, int maxTokens, CancellationToken ct = default)
    {
        var tokens = scheduler.Model.Vocabulary.Tokenize(prompt, addSpecial: true);
        var text = new StringBuilder();
        InferenceUpdate last = new();
        await foreach (var update in scheduler.GenerateAsync(new InferenceRequest(tokens) { MaxTokens = maxTokens, StopTokens = [1] }, ct))
        {
            text.Append(update.Text);
            last = update;
        }

        return (text.ToString(), last.Usage!, last.FinishReason!.Value);
    }

    [Fact]
    public async Task Greedy_OnceUponATime_ContinuesWithTheKnownStory()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 512, MaxSequences = 1 });

        var (text, usage, _) = await GenerateAsync(scheduler, "Once upon a time", 60);

        Assert.StartsWith(", there was a little girl named Lily. She loved to play outside in the park.", text);
        Assert.Equal(5, usage.PromptTokens);
        Assert.Equal(60, usage.GeneratedTokens);
    }

    [Fact]
    public async Task Model_ExposesHeaderFacts()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);

        Assert.Equal("llama", model.Architecture);
        Assert.Equal(292_800, model.ParameterCount);
        Assert.Equal(2048, model.ContextLength);
        Assert.Equal(512, model.Vocabulary.Count);
        Assert.Null(model.ChatTemplate);
        Assert.Equal(1, model.Vocabulary.Bos);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task PromptLongerThanContext_FailsClearly_AndSchedulerKeepsServing()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 256, MaxSequences = 2 });
        var longPrompt = string.Join(' ', Enumerable.Repeat("Lily and Tom went to the park.", 100));

        var e = await Assert.ThrowsAsync<InferenceException>(() => GenerateAsync(scheduler, longPrompt, 8));
        var (text, _, _) = await GenerateAsync(scheduler, "Once upon a time", 10);

        Assert.Contains("context holds 256", e.Message);
        Assert.NotEmpty(text);
    }

    [Fact]
    public async Task Cancellation_StopsGenerationAndFreesTheSequence()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 2048, MaxSequences = 1 });
        using var cts = new CancellationTokenSource();
        var tokens = model.Vocabulary.Tokenize("Once upon a time", addSpecial: true);
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in scheduler.GenerateAsync(new InferenceRequest(tokens) { MaxTokens = 1000 }, cts.Token))
            {
                if (++received == 5)
                {
                    cts.Cancel();
                }
            }
        });
        var (after, _, _) = await GenerateAsync(scheduler, "Once upon a time", 5);

        Assert.Equal(5, received);
        Assert.NotEmpty(after);
        Assert.Equal(1, scheduler.Metrics.Cancelled);
        // The decode loop stopped long before the 1000 tokens asked for (it may have run ahead of the reader a little).
        Assert.InRange(scheduler.Metrics.GeneratedTokens - 5, 5, 900);
    }
}
