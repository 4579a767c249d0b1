using System.Runtime.CompilerServices;
using System.Text.Json;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Serving;
using Microsoft.Extensions.AI;

namespace M1Parallel.Serving.Tests;

/// <summary>The OpenAI wire format, over a scripted chat client so every byte is predictable.</summary>
public sealed class ChatCompletionsProtocolTests
{
    private const string Model = "scripted-model";

    private static async Task<(OpenAiCompatibleServer Server, HttpClient Http)> StartAsync(IChatClient client, OpenAiServerOptions? options = null)
    {
        var server = await OpenAiCompatibleServer.StartAsync(client, options);
        return (server, new HttpClient { BaseAddress = server.BaseAddress });
    }

    [Fact]
    public async Task NonStreaming_ReturnsAChatCompletionWithMessageFinishReasonAndUsage()
    {
        var (server, http) = await StartAsync(ScriptedChatClient.Replying(new TextReasoningContent("hmm"), new TextContent("Hello"), new TextContent(" there")));
        await using var lifetime = server;

        var (status, body, _) = await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));

        Assert.Equal(200, status);
        Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString());
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal(Model, body.GetProperty("model").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Hello there", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("hmm", choice.GetProperty("message").GetProperty("reasoning_content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = body.GetProperty("usage");
        Assert.Equal(11, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(7, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(18, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(3, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(1, server.Requests.Completed);
    }

    [Fact]
    public async Task Streaming_WithIncludeUsage_SendsRoleTextFinishThenAUsageChunkAndDone()
    {
        var (server, http) = await StartAsync(ScriptedChatClient.Replying(new TextContent("Hel"), new TextContent("lo")));
        await using var lifetime = server;

        var response = await http.PostAsync("v1/chat/completions", new StringContent(
            ServerHttp.Chat(Model, extra: ",\"stream\":true,\"stream_options\":{\"include_usage\":true}")));
        var events = ServerHttp.Events(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("Hello", text);
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal(7, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(1, chunks.Count(c => c.TryGetProperty("usage", out _)));
    }

    [Fact]
    public async Task Streaming_WithoutIncludeUsage_SendsNoUsage()
    {
        var (server, http) = await StartAsync(ScriptedChatClient.Replying(new TextContent("Hi")));
        await using var lifetime = server;

        var response = await http.PostAsync("v1/chat/completions", new StringContent(ServerHttp.Chat(Model, extra: ",\"stream\":true")));
        var events = ServerHttp.Events(await response.Content.ReadAsStringAsync());

        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events[..^1], e => JsonDocument.Parse(e).RootElement.TryGetProperty("usage", out _));
    }

    [Fact]
    public async Task ToolCallsFromTheModel_AreReturnedInOpenAiShape()
    {
        var call = new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" });
        var (server, http) = await StartAsync(ScriptedChatClient.Replying(call));
        await using var lifetime = server;

        var (_, body, _) = await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        var stream = ServerHttp.Events(await (await http.PostAsync("v1/chat/completions", new StringContent(ServerHttp.Chat(Model, extra: ",\"stream\":true")))).Content.ReadAsStringAsync());

        var choice = body.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
        var toolCall = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("call_1", toolCall.GetProperty("id").GetString());
        Assert.Equal("function", toolCall.GetProperty("type").GetString());
        Assert.Equal("get_weather", toolCall.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(toolCall.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        var streamed = stream[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0]).ToList();
        var delta = streamed.Single(c => c.GetProperty("delta").TryGetProperty("tool_calls", out _)).GetProperty("delta").GetProperty("tool_calls")[0];
        Assert.Equal(0, delta.GetProperty("index").GetInt32());
        Assert.Equal("call_1", delta.GetProperty("id").GetString());
        Assert.Equal("tool_calls", streamed[^1].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task ToolsAndToolHistory_ReachTheChatClientAsDeclarationsCallsAndResults()
    {
        var client = ScriptedChatClient.Replying(new TextContent("It is sunny."));
        var (server, http) = await StartAsync(client);
        await using var lifetime = server;
        const string body = """
            {"model":"scripted-model",
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
             "tool_choice":"auto",
             "messages":[
               {"role":"system","content":"Be brief."},
               {"role":"user","content":[{"type":"text","text":"Weather in "},{"type":"text","text":"Paris?"}]},
               {"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
               {"role":"tool","tool_call_id":"call_9","content":"sunny, 21 C"}]}
            """;

        var (status, _, _) = await ServerHttp.PostAsync(http, "v1/chat/completions", body);

        Assert.Equal(200, status);
        var (messages, options) = client.Calls.Single();
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool], messages.Select(m => m.Role));
        Assert.Equal("Weather in Paris?", messages[1].Text);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(messages[2].Contents));
        Assert.Equal(("call_9", "get_weather"), (call.CallId, call.Name));
        Assert.Equal("Paris", ((JsonElement)call.Arguments!["city"]!).GetString());
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(messages[3].Contents));
        Assert.Equal(("call_9", "sunny, 21 C"), (result.CallId, (string)result.Result!));
        var tool = Assert.IsAssignableFrom<AIFunctionDeclaration>(Assert.Single(options!.Tools!));
        Assert.Equal(("get_weather", "Weather now"), (tool.Name, tool.Description));
        Assert.Equal("city", tool.JsonSchema.GetProperty("required")[0].GetString());
        Assert.Equal(ChatToolMode.Auto, options.ToolMode);
    }

    [Fact]
    public async Task SamplingFields_ReachTheChatClientOptions()
    {
        var client = ScriptedChatClient.Replying(new TextContent("ok"));
        var (server, http) = await StartAsync(client);
        await using var lifetime = server;

        await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model, extra:
            ",\"max_tokens\":50,\"max_completion_tokens\":40,\"temperature\":0.3,\"top_p\":0.9,\"seed\":42,\"stop\":[\"END\",\"\\n\\n\"],\"chat_template_kwargs\":{\"enable_thinking\":true}"));
        await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model, extra: ",\"max_tokens\":12,\"stop\":\"X\""));
        await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));

        var options = client.Calls.Select(c => c.Options!).ToList();
        Assert.Equal(40, options[0].MaxOutputTokens); // max_completion_tokens wins over the deprecated max_tokens
        Assert.Equal(0.3f, options[0].Temperature);
        Assert.Equal(0.9f, options[0].TopP);
        Assert.Equal(42, options[0].Seed);
        Assert.Equal(["END", "\n\n"], options[0].StopSequences!);
        Assert.Equal(true, options[0].AdditionalProperties!["enable_thinking"]);
        Assert.Equal(12, options[1].MaxOutputTokens);
        Assert.Equal(["X"], options[1].StopSequences!);
        Assert.Equal(new OpenAiServerOptions().DefaultMaxTokens, options[2].MaxOutputTokens);
        Assert.Null(options[2].Temperature);
    }

    [Fact]
    public async Task ModelsHealthAndMetrics_DescribeTheServer()
    {
        var (server, http) = await StartAsync(ScriptedChatClient.Replying(new TextContent("ok")));
        await using var lifetime = server;
        await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat("other-model"));

        var models = JsonDocument.Parse(await http.GetStringAsync("v1/models")).RootElement;
        var one = JsonDocument.Parse(await http.GetStringAsync("v1/models/" + Model)).RootElement;
        var health = JsonDocument.Parse(await http.GetStringAsync("health")).RootElement;
        var metrics = await http.GetStringAsync("metrics");

        Assert.Equal("list", models.GetProperty("object").GetString());
        Assert.Equal(Model, models.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(Model, one.GetProperty("id").GetString());
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Contains("m1p_requests_total{outcome=\"completed\"} 1\n", metrics);
        Assert.Contains("m1p_requests_total{outcome=\"invalid\"} 1\n", metrics);
        Assert.Contains("# TYPE m1p_requests_in_flight gauge", metrics);
        Assert.DoesNotContain("m1p_scheduler_", metrics); // no scheduler behind a scripted client
    }

    [Fact]
    public async Task UnknownPath_Returns404WithAnOpenAiErrorListingTheRoutes()
    {
        var (server, http) = await StartAsync(ScriptedChatClient.Replying());
        await using var lifetime = server;

        var response = await http.GetAsync("v1/completions");
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Contains("/v1/chat/completions", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ApiKey_WhenSet_IsRequiredOnApiAndMetricsButNotHealth()
    {
        var (server, http) = await StartAsync(ScriptedChatClient.Replying(new TextContent("ok")), new OpenAiServerOptions { ApiKey = "s3cret" });
        await using var lifetime = server;

        var (missing, missingBody, _) = await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        var (wrong, _, _) = await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model), key: "guess");
        var (right, _, _) = await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model), key: "s3cret");
        var metrics = await http.GetAsync("metrics");
        var health = await http.GetAsync("health");

        Assert.Equal((401, 401, 200), (missing, wrong, right));
        Assert.Equal("invalid_api_key", missingBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(401, (int)metrics.StatusCode);
        Assert.Equal(200, (int)health.StatusCode);
        Assert.Equal(1, server.Requests.Completed);
        Assert.Equal(3, server.Requests.Unauthorized);
    }

    [Fact]
    public async Task RequestBeyondTheLimitWithoutAQueue_Gets429WithRetryAfter_AndTheServerRecovers()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = ScriptedChatClient.WaitingFor(release.Task, started);
        var (server, http) = await StartAsync(client, new OpenAiServerOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 0, RetryAfter = TimeSpan.FromSeconds(2.5) });
        await using var lifetime = server;

        var first = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await started.Task;
        var (status, body, response) = await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        release.SetResult();
        var (firstStatus, _, _) = await first;
        var (after, _, _) = await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));

        Assert.Equal(429, status);
        Assert.Equal("3", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("rate_limit_exceeded", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal((200, 200), (firstStatus, after));
        Assert.Equal(1, server.Requests.Rejected);
        Assert.Equal(0, server.Requests.InFlight);
    }

    [Fact]
    public async Task FailureMidStream_SendsAnErrorEvent_AndCountsAFailure()
    {
        var client = new ScriptedChatClient((_, _, ct) => FailingAfterText(ct));
        var (server, http) = await StartAsync(client);
        await using var lifetime = server;

        var response = await http.PostAsync("v1/chat/completions", new StringContent(ServerHttp.Chat(Model, extra: ",\"stream\":true")));
        var events = ServerHttp.Events(await response.Content.ReadAsStringAsync());

        Assert.Equal(200, (int)response.StatusCode);
        var error = JsonDocument.Parse(events[^1]).RootElement.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Contains("decode loop stopped", error.GetProperty("message").GetString());
        Assert.Equal(1, server.Requests.Failed);
        Assert.Equal(200, (int)(await http.GetAsync("health")).StatusCode);
    }

    [Fact]
    public async Task DisposeAsync_CancelsGenerationsInFlightAtOnce()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = ScriptedChatClient.WaitingFor(new TaskCompletionSource().Task, started);
        var (server, http) = await StartAsync(client);

        var pending = http.PostAsync("v1/chat/completions", new StringContent(ServerHttp.Chat(Model)));
        await started.Task;
        await server.DisposeAsync();

        Assert.Equal(1, server.Requests.Cancelled);
        Assert.Equal(0, server.Requests.InFlight);
        try
        {
            await pending; // the connection closes without an answer or with an empty one
        }
        catch (HttpRequestException)
        {
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> FailingAfterText([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
        ct.ThrowIfCancellationRequested();
        throw new InferenceException(InferenceErrorKind.LoopStopped, "The decode loop stopped: simulated fault.");
    }
}
