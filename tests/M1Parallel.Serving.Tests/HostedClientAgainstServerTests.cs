using System.Text.Json;
using M1Parallel.Inference.Hosted;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Serving;
using M1Parallel.Inference.Synthetic;
using M1Parallel.Inference.Tests.Support;
using M1Parallel.Inference.Tests.Synthetic;
using Microsoft.Extensions.AI;

namespace M1Parallel.Serving.Tests;

/// <summary>The project's own hosted backend (the real OpenAI SDK) against this server backed by a real local model.</summary>
public sealed class HostedClientAgainstServerTests
{
    private static IChatClient Hosted(OpenAiCompatibleServer server, string? keyVariable = null, Func<string, string?>? environment = null) =>
        HostedChatClient.Create(new HostedBackendOptions(server.ApiBase, server.ModelId, keyVariable, maxRetries: 0), environment);

    [Fact]
    public async Task GetResponse_LocalModel_ReturnsTextFinishReasonAndUsage()
    {
        await using var local = await LocalModelServer.StartAsync(TestPaths.StoriesChatMl);
        using var hosted = Hosted(local.Server);

        var response = await hosted.GetResponseAsync([new ChatMessage(ChatRole.User, "Tell me a story.")], new ChatOptions { MaxOutputTokens = 16, Temperature = 0 });

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(16, response.Usage!.OutputTokenCount);
        Assert.True(response.Usage.InputTokenCount > 5);
        Assert.Equal(local.ModelId, response.ModelId);
    }

    [Fact]
    public async Task Streaming_LocalModel_YieldsTheSameGreedyTextAsOneResponse_WithOneUsage()
    {
        await using var local = await LocalModelServer.StartAsync(TestPaths.StoriesChatMl);
        using var hosted = Hosted(local.Server);
        List<ChatMessage> prompt = [new(ChatRole.User, "Once upon a time")];
        var options = new ChatOptions { MaxOutputTokens = 24, Temperature = 0 };

        var whole = await hosted.GetResponseAsync(prompt, options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in hosted.GetStreamingResponseAsync(prompt, options))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) >= 2, "the reply should arrive in several chunks");
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(24, usage.OutputTokenCount);
        // The second identical prompt reuses the first one's KV cache, and the count travels through the wire as cached_tokens.
        Assert.True(local.Scheduler.Metrics.ReusedPromptTokens > 0);
        Assert.True(usage.CachedInputTokenCount > 0, $"cached input tokens: {usage.CachedInputTokenCount}");
        Assert.Equal(ChatFinishReason.Length, updates.Last(u => u.FinishReason is not null).FinishReason);
        Assert.Empty(await local.CacheMismatchesAsync());
    }

    [Fact]
    public async Task ApiKey_FromTheEnvironment_IsAcceptedAndAWrongOneIsRefused()
    {
        await using var local = await LocalModelServer.StartAsync(TestPaths.StoriesChatMl, serving: new OpenAiServerOptions { ApiKey = "k-123" });
        using var good = Hosted(local.Server, "M1P_TEST_KEY", _ => "k-123");
        using var bad = Hosted(local.Server, "M1P_TEST_KEY", _ => "k-124");
        List<ChatMessage> prompt = [new(ChatRole.User, "Hi")];

        var response = await good.GetResponseAsync(prompt, new ChatOptions { MaxOutputTokens = 4 });
        var refused = await Assert.ThrowsAsync<HostedBackendException>(() => bad.GetResponseAsync(prompt, new ChatOptions { MaxOutputTokens = 4 }));

        Assert.Equal(4, response.Usage!.OutputTokenCount);
        Assert.Equal(401, refused.StatusCode);
    }

    [Fact]
    public async Task ConcurrentHostedCalls_BatchInTheOneScheduler()
    {
        await using var local = await LocalModelServer.StartAsync(TestPaths.StoriesChatMl,
            new InferenceSchedulerOptions { ContextSize = 2048, MaxSequences = 4, Threads = 1 });
        using var hosted = Hosted(local.Server);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            hosted.GetResponseAsync([new ChatMessage(ChatRole.User, $"Story {i}")], new ChatOptions { MaxOutputTokens = 32 })));

        Assert.All(responses, r => Assert.Equal(32, r.Usage!.OutputTokenCount));
        Assert.True(local.Scheduler.Metrics.BatchOccupancy > 1.0, $"occupancy {local.Scheduler.Metrics.BatchOccupancy}");
        var metrics = await local.Http.GetStringAsync("metrics");
        Assert.Contains("m1p_requests_total{outcome=\"completed\"} 6\n", metrics);
        Assert.Contains("m1p_scheduler_batch_occupancy ", metrics);
        Assert.Contains("m1p_scheduler_prompt_tokens_reused_total ", metrics);
    }

    [Fact]
    public async Task ToolCallsOut_ThroughTheSdk_ArriveAsFunctionCalls()
    {
        var call = new FunctionCallContent("call_7", "lookup", new Dictionary<string, object?> { ["q"] = "GAIA", ["k"] = 3 });
        await using var server = await OpenAiCompatibleServer.StartAsync(ScriptedChatClient.Replying(call));
        using var hosted = Hosted(server);
        List<ChatMessage> prompt = [new(ChatRole.User, "find it")];

        var response = await hosted.GetResponseAsync(prompt);
        var streamed = new List<ChatResponseUpdate>();
        await foreach (var update in hosted.GetStreamingResponseAsync(prompt))
        {
            streamed.Add(update);
        }

        foreach (var received in new[] { response.Messages.SelectMany(m => m.Contents), streamed.SelectMany(u => u.Contents) })
        {
            var function = Assert.Single(received.OfType<FunctionCallContent>());
            Assert.Equal(("call_7", "lookup"), (function.CallId, function.Name));
            Assert.Equal("GAIA", function.Arguments!["q"]!.ToString());
            Assert.Equal("3", function.Arguments["k"]!.ToString());
        }

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Contains(streamed, u => u.FinishReason == ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task ToolRoundTrip_QwenFormatModel_SeesTheSamePromptAsALocalCall()
    {
        using var folder = new TempFolder();
        var path = folder.File("qwen3-tiny.gguf");
        await new SyntheticModelBuilder(new SyntheticModelOptions(ModelShape.Qwen3Tiny, SyntheticQuantization.Q8_0, path)).WriteAsync(CancellationToken.None);
        var recorder = new List<(List<ChatMessage> Messages, ChatOptions? Options)>();
        await using var local = await LocalModelServer.StartAsync(path, new InferenceSchedulerOptions { ContextSize = 2048, MaxSequences = 1, Threads = 1 },
            wrap: inner => new RecordingChatClient(inner, recorder));
        using var hosted = Hosted(local.Server);
        var weather = AIFunctionFactory.CreateDeclaration("get_weather", "Current weather in a city",
            JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);
        List<ChatMessage> history =
        [
            new(ChatRole.System, "You answer briefly."),
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny, 21 C")]),
        ];
        var options = new ChatOptions { Tools = [weather], MaxOutputTokens = 8, Temperature = 0 };

        var response = await hosted.GetResponseAsync(history, options);
        var (received, receivedOptions) = recorder[0];
        // The OpenAI SDK's mapping closes the tool's schema ("additionalProperties": false); a local call with the tool as
        // the server received it must render the same prompt.
        var direct = await local.Client.GetResponseAsync(history, new ChatOptions { Tools = receivedOptions!.Tools, MaxOutputTokens = 8, Temperature = 0 });

        Assert.Equal(2, recorder.Count);
        Assert.Equal("get_weather", Assert.Single(receivedOptions!.Tools!).Name);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(received[2].Contents));
        Assert.Equal(("call_1", "get_weather", "Paris"), (call.CallId, call.Name, call.Arguments!["city"]!.ToString()));
        Assert.Equal("sunny, 21 C", Assert.IsType<FunctionResultContent>(Assert.Single(received[3].Contents)).Result!.ToString());
        // The prompt the model saw through the server is the one a local call renders: as many tokens, and the same greedy reply.
        Assert.Equal(direct.Usage!.InputTokenCount, response.Usage!.InputTokenCount);
        Assert.Equal(direct.Text, response.Text);
    }

    private sealed class RecordingChatClient(IChatClient inner, List<(List<ChatMessage>, ChatOptions?)> calls) : DelegatingChatClient(inner)
    {
        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            lock (calls)
            {
                calls.Add((messages.ToList(), options));
            }

            return base.GetStreamingResponseAsync(messages, options, cancellationToken);
        }

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);
    }
}
