using M1Parallel.Inference.Chat;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Tests.Support;
using Microsoft.Extensions.AI;

namespace M1Parallel.Inference.Tests.Chat;

public sealed class LocalChatClientTests
{
    [Fact]
    public async Task GetResponse_ReportsUsageWithInputOutputAndCachedTokens()
    {
        using var model = LlamaModel.Load(TestPaths.StoriesChatMl);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 1024, MaxSequences = 2 });
        using var client = new LocalChatClient(scheduler);
        List<ChatMessage> history = [new(ChatRole.User, "Tell me a story about a cat.")];

        var first = await client.GetResponseAsync(history, new ChatOptions { MaxOutputTokens = 20, Temperature = 0 });
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, "And then?"));
        var second = await client.GetResponseAsync(history, new ChatOptions { MaxOutputTokens = 20, Temperature = 0 });

        Assert.NotNull(first.Usage);
        Assert.True(first.Usage!.InputTokenCount > 10);
        Assert.Equal(20, first.Usage.OutputTokenCount);
        Assert.Equal(0, first.Usage.CachedInputTokenCount);
        // Qwen3 renders earlier assistant turns without the empty think block the generation prompt ended with,
        // so everything before that block is reused and only the block onwards is computed again.
        var beforeThinkBlock = model.Vocabulary.Tokenize("<|im_start|>user\nTell me a story about a cat.<|im_end|>\n<|im_start|>assistant\n", addSpecial: true).Length;
        Assert.True(second.Usage!.CachedInputTokenCount >= beforeThinkBlock - 1,
            $"cached {second.Usage.CachedInputTokenCount}, expected at least {beforeThinkBlock - 1}");
        Assert.Equal(ChatFinishReason.Length, first.FinishReason);
        Assert.False(string.IsNullOrEmpty(first.Text));
    }

    [Fact]
    public async Task Streaming_YieldsTextThenAFinalUpdateWithUsage()
    {
        using var model = LlamaModel.Load(TestPaths.StoriesChatMl);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 1024, MaxSequences = 1 });
        using var client = new LocalChatClient(scheduler);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 15 }))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count >= 2);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.NotNull(updates[^1].FinishReason);
        Assert.All(updates, u => Assert.Equal(updates[0].ResponseId, u.ResponseId));
    }

    [Fact]
    public async Task ConcurrentCalls_ShareOneModel()
    {
        using var model = LlamaModel.Load(TestPaths.StoriesChatMl);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 2048, MaxSequences = 4 });
        using var client = new LocalChatClient(scheduler);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, $"Story number {i}")], new ChatOptions { MaxOutputTokens = 12 })));

        Assert.All(responses, r => Assert.Equal(12, r.Usage!.OutputTokenCount));
        Assert.True(scheduler.Metrics.BatchOccupancy > 1.0);
    }

    [Fact]
    public async Task PromptPastTheContext_ThrowsInferenceExceptionNamingSizes()
    {
        using var model = LlamaModel.Load(TestPaths.StoriesChatMl);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 128, MaxSequences = 1 });
        using var client = new LocalChatClient(scheduler);

        var e = await Assert.ThrowsAsync<InferenceException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, string.Concat(Enumerable.Repeat("a cat sat on a mat. ", 100)))]));

        Assert.Contains("but the context holds", e.Message);
        Assert.Contains("ContextSize", e.Message);
    }

    [Fact]
    public async Task Cancellation_MidStream_ThrowsAndFreesTheModelForOthers()
    {
        using var model = LlamaModel.Load(TestPaths.StoriesChatMl);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 1024, MaxSequences = 1 });
        using var client = new LocalChatClient(scheduler);
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 500 }, cts.Token))
            {
                cts.Cancel();
            }
        });
        var after = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 5 });

        Assert.Equal(5, after.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task EnableThinking_NotABoolean_ThrowsNamingTheKey()
    {
        using var model = LlamaModel.Load(TestPaths.StoriesChatMl);
        using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { Threads = 1, ContextSize = 256, MaxSequences = 1 });
        using var client = new LocalChatClient(scheduler);
        var options = new ChatOptions { AdditionalProperties = new() { [LocalChatClient.EnableThinkingKey] = "maybe" } };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], options));

        Assert.Contains("enable_thinking", e.Message);
    }
}
