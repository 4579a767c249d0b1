using System.ComponentModel;
using System.Text.Json;
using M1Parallel.Inference.Hosted;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace M1Parallel.Inference.Tests.Hosted;

public sealed class HostedChatClientTests
{
    private const string KeyVariable = "M1P_TEST_HOSTED_KEY";
    private const string Key = "sk-test-secret-123";

    private static IChatClient Client(FakeOpenAIServer server, TimeProvider? time = null, int maxRetries = 3, TimeSpan? timeout = null) =>
        HostedChatClient.Create(new HostedBackendOptions(server.BaseUrl, "gpt-4o", KeyVariable, timeout ?? TimeSpan.FromSeconds(100), maxRetries,
                TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), time ?? new RecordingTimeProvider(TimeSpan.FromSeconds(60))),
            name => name == KeyVariable ? Key : null);

    private static readonly ChatMessage[] Hello = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Say hello")];

    [Fact]
    public async Task GetResponse_ReturnsTheTextAndTheUsage_SendingTheKeyAsBearer()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.Json(c, FakeOpenAIServer.Completion("Hello!", 12, 3)));
        using var client = Client(server);

        var response = await client.GetResponseAsync(Hello, new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 50 });

        Assert.Equal("Hello!", response.Text);
        Assert.Equal(12, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var request = Assert.Single(server.Requests);
        Assert.Equal($"Bearer {Key}", request.Authorization);
        Assert.Contains("\"model\":\"gpt-4o\"", request.Body);
        Assert.Contains("\"temperature\":0.2", request.Body);
        Assert.Contains("Be brief.", request.Body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SamplingOptions_SeedTemperatureMaxTokensAndStops_ReachTheServersRequest(bool streaming)
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.AsksToStream(c)
            ? FakeOpenAIServer.Stream(c, FakeOpenAIServer.Chunk("""{"role":"assistant","content":"ok"}"""), FakeOpenAIServer.Chunk("{}", "stop"), FakeOpenAIServer.UsageChunk(5, 1))
            : FakeOpenAIServer.Json(c, FakeOpenAIServer.Completion("ok")));
        using var client = Client(server);
        var options = new ChatOptions { Seed = 42, Temperature = 0.25f, TopP = 0.5f, MaxOutputTokens = 64, StopSequences = ["END", "\n\n"] };

        var text = streaming ? (await client.GetStreamingResponseAsync(Hello, options).ToChatResponseAsync()).Text : (await client.GetResponseAsync(Hello, options)).Text;

        Assert.Equal("ok", text);
        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        var request = body.RootElement;
        Assert.Equal(42, request.GetProperty("seed").GetInt64());
        Assert.Equal(0.25, request.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.5, request.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal(64, request.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal(["END", "\n\n"], request.GetProperty("stop").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AdditionalProperties_TheTeamsOwnKeys_AreNotSentOverTheWire()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.Json(c, FakeOpenAIServer.Completion("ok")));
        using var client = Client(server);
        var options = new ChatOptions
        {
            AdditionalProperties = new AdditionalPropertiesDictionary { ["m1p.role"] = "orchestrator", ["m1p.purpose"] = "plan" },
        };

        await client.GetResponseAsync(Hello, options);

        Assert.DoesNotContain("m1p.", Assert.Single(server.Requests).Body);
    }

    [Fact]
    public async Task Streaming_YieldsTextAsItArrives_AndAsksForAndReportsUsage()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.Stream(c,
            FakeOpenAIServer.Chunk("""{"role":"assistant","content":"Hel"}"""),
            FakeOpenAIServer.Chunk("""{"content":"lo"}"""),
            FakeOpenAIServer.Chunk("{}", "stop"),
            FakeOpenAIServer.UsageChunk(20, 2)));
        using var client = Client(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Hello))
        {
            updates.Add(update);
        }

        Assert.Equal(["Hel", "lo"], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.Equal(20, usage.Details.InputTokenCount);
        Assert.Equal(2, usage.Details.OutputTokenCount);
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        var body = Assert.Single(server.Requests).Body;
        Assert.Contains("\"stream\":true", body);
        Assert.Contains("\"include_usage\":true", body);
    }

    [Fact]
    public async Task Tools_AreSentAsFunctionDefinitions_AndToolCallsComeBackAsFunctionCallContent()
    {
        const string reply = """
            {"id":"chatcmpl-3","object":"chat.completion","created":1700000000,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
               {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
               "finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":30,"completion_tokens":10,"total_tokens":40}}
            """;
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.Json(c, reply));
        using var client = Client(server);
        var tool = AIFunctionFactory.Create(([Description("The city")] string city) => $"sunny in {city}", "get_weather", "Current weather");

        var response = await client.GetResponseAsync([new(ChatRole.User, "Weather in Paris?")], new ChatOptions { Tools = [tool] });

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", call.Arguments!["city"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var body = server.Requests[0].Body;
        Assert.Contains("\"tools\":[{\"type\":\"function\"", body);
        Assert.Contains("\"name\":\"get_weather\"", body);
        Assert.Contains("\"city\"", body);
    }

    [Fact]
    public async Task ToolRoundTrip_CallsAndResultsInTheHistory_AreSentBackInOpenAIForm()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.Json(c, FakeOpenAIServer.Completion("It is sunny.")));
        using var client = Client(server);
        ChatMessage[] history =
        [
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]),
        ];

        var response = await client.GetResponseAsync(history);

        Assert.Equal("It is sunny.", response.Text);
        var body = server.Requests[0].Body;
        Assert.Contains("\"tool_calls\":[{\"id\":\"call_1\"", body);
        Assert.Contains("\"role\":\"tool\"", body);
        Assert.Contains("\"tool_call_id\":\"call_1\"", body);
    }

    [Fact]
    public async Task Streaming_ToolCallFragments_AreAssembledIntoOneFunctionCall()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.Stream(c,
            FakeOpenAIServer.Chunk("""{"role":"assistant","tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"search","arguments":""}}]}"""),
            FakeOpenAIServer.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"query\":"}}]}"""),
            FakeOpenAIServer.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"\"m1 parallel\"}"}}]}"""),
            FakeOpenAIServer.Chunk("{}", "tool_calls"),
            FakeOpenAIServer.UsageChunk(40, 12)));
        using var client = Client(server);

        var contents = new List<AIContent>();
        await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "search")]))
        {
            contents.AddRange(update.Contents);
        }

        var call = Assert.Single(contents.OfType<FunctionCallContent>());
        Assert.Equal("call_9", call.CallId);
        Assert.Equal("search", call.Name);
        Assert.Equal("m1 parallel", call.Arguments!["query"]!.ToString());
        Assert.Single(contents.OfType<UsageContent>());
    }

    [Fact]
    public async Task RateLimited_ThenSuccess_RetriesAfterTheServersRetryAfter()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, n) =>
        {
            if (n == 0)
            {
                c.Response.Headers.RetryAfter = "7";
                return FakeOpenAIServer.Json(c, """{"error":{"message":"Rate limit","type":"rate_limit"}}""", 429);
            }

            return FakeOpenAIServer.Json(c, FakeOpenAIServer.Completion("ok"));
        });
        var time = new RecordingTimeProvider(TimeSpan.FromSeconds(60));
        using var client = Client(server, time);

        var response = await client.GetResponseAsync(Hello);

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(7), time.Delays);
    }

    [Fact]
    public async Task ServerError_UntilRetriesRunOut_FailsClearlyAfterExactlyOnePlusMaxRetriesAttempts()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.Json(c, """{"error":{"message":"boom"}}""", 500));
        var time = new RecordingTimeProvider(TimeSpan.FromSeconds(60));
        using var client = Client(server, time, maxRetries: 2);

        var error = await Assert.ThrowsAsync<HostedBackendException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(3, server.Requests.Count); // no second retry layer inside the SDK
        Assert.Equal(3, error.Attempts);
        Assert.Equal(500, error.StatusCode);
        Assert.Contains("after 3 attempt", error.Message);
        Assert.Contains(TimeSpan.FromSeconds(1), time.Delays); // exponential backoff: 1 s, then 2 s
        Assert.Contains(TimeSpan.FromSeconds(2), time.Delays);
    }

    [Fact]
    public async Task Streaming_ServerErrorBeforeTheFirstUpdate_IsRetried()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, n) => n == 0
            ? FakeOpenAIServer.Json(c, """{"error":{"message":"overloaded"}}""", 503)
            : FakeOpenAIServer.Stream(c, FakeOpenAIServer.Chunk("""{"role":"assistant","content":"fine"}"""), FakeOpenAIServer.UsageChunk(5, 1)));
        using var client = Client(server);

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync(Hello))
        {
            text += update.Text;
        }

        Assert.Equal("fine", text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task MalformedBody_FailsClearlyWithoutRetrying()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.Json(c, "{\"id\": \"x\", \"choices\": [ this is not json"));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<HostedBackendException>(() => client.GetResponseAsync(Hello));

        Assert.Contains("not a valid OpenAI chat completion", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SlowServer_PastTheRequestTimeout_FailsClearlyAfterRetrying()
    {
        await using var server = await FakeOpenAIServer.StartAsync(async (c, _) => await Task.Delay(Timeout.Infinite, c.RequestAborted));
        var time = new RecordingTimeProvider(TimeSpan.FromSeconds(60)); // the 5 s timeout "passes" at once
        using var client = Client(server, time, maxRetries: 1, timeout: TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<HostedBackendException>(() => client.GetResponseAsync(Hello));

        Assert.Contains("did not answer within 5 s", error.Message);
        Assert.Equal(2, error.Attempts);
    }

    [Fact]
    public async Task RejectedKey_ErrorNamesTheVariable_AndNeverShowsTheKey()
    {
        await using var server = await FakeOpenAIServer.StartAsync((c, _) => FakeOpenAIServer.Json(c, """{"error":{"message":"Incorrect API key"}}""", 401));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<HostedBackendException>(() => client.GetResponseAsync(Hello));

        Assert.Contains(KeyVariable, error.Message);
        Assert.DoesNotContain(Key, error.ToString());
        Assert.Single(server.Requests);
    }

    [Fact]
    public void MissingKeyVariable_FailsAtConstruction_NamingTheVariable()
    {
        var options = new HostedBackendOptions(new Uri("http://127.0.0.1:1/v1"), "gpt-4o", "M1P_SURELY_UNSET_KEY");

        var error = Assert.Throws<HostedBackendException>(() => HostedChatClient.Create(options, _ => null));

        Assert.Contains("M1P_SURELY_UNSET_KEY", error.Message);
    }

    [Theory]
    [InlineData("https://api.openai.com")]
    [InlineData("https://api.openai.com/v1/chat/completions")]
    [InlineData("http://127.0.0.1:8080/v2")]
    public void Endpoint_NotEndingInV1_IsRejectedWithTheFix(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => new HostedBackendOptions(new Uri(endpoint), "gpt-4o"));

        Assert.Contains("must end in /v1", error.Message);
    }

    [Fact]
    public void Endpoint_WithTrailingSlash_IsAccepted()
    {
        Assert.Equal("http://127.0.0.1:8080/v1", new HostedBackendOptions(new Uri("http://127.0.0.1:8080/v1/"), "m").Endpoint.ToString());
    }
}
