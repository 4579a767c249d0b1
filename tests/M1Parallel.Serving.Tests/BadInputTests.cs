using System.Text;
using System.Text.Json;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Serving;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Serving.Tests;

/// <summary>Each malformed or oversized request gets a 4xx with an OpenAI error body, and the server keeps serving.</summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.Fixture>
{
    private const string M = "stories260K-chatml";
    private static readonly string Long = string.Concat(Enumerable.Repeat("a cat sat on a mat. ", 150)); // ~3000 characters, far past 256 tokens

    private static readonly Dictionary<string, (Func<byte[]> Body, int Status, string Type, string? Code, string? Param)> Cases = new()
    {
        ["malformed JSON"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":["), 400, "invalid_request_error", "invalid_json", null),
        ["empty body"] = (() => [], 400, "invalid_request_error", "invalid_json", null),
        ["body is an array"] = (() => Utf8("[1,2]"), 400, "invalid_request_error", "invalid_json", null),
        ["nesting too deep"] = (() => Utf8(new string('[', 200) + new string(']', 200)), 400, "invalid_request_error", "invalid_json", null),
        ["invalid UTF-8"] = (() => [.. Utf8("{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"user\",\"content\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}]}")],
            400, "invalid_request_error", "invalid_encoding", null),
        ["model missing"] = (() => Utf8("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), 400, "invalid_request_error", "missing_required_parameter", "model"),
        ["model is a number"] = (() => Utf8("{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), 400, "invalid_request_error", "invalid_value", "model"),
        ["model unknown"] = (() => Utf8(ServerHttp.Chat("gpt-5")), 404, "invalid_request_error", "model_not_found", "model"),
        ["messages missing"] = (() => Utf8("{\"model\":\"" + M + "\"}"), 400, "invalid_request_error", "missing_required_parameter", "messages"),
        ["messages is a string"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":\"Hi\"}"), 400, "invalid_request_error", "invalid_value", "messages"),
        ["messages empty"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":[]}"), 400, "invalid_request_error", "invalid_value", "messages"),
        ["message not an object"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":[\"Hi\"]}"), 400, "invalid_request_error", "invalid_value", "messages[0]"),
        ["role unknown"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"wizard\",\"content\":\"Hi\"}]}"), 400, "invalid_request_error", "invalid_value", "messages[0].role"),
        ["content is a number"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"user\",\"content\":42}]}"), 400, "invalid_request_error", "invalid_value", "messages[0].content"),
        ["content missing"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"user\"}]}"), 400, "invalid_request_error", "missing_required_parameter", "messages[0].content"),
        ["image part"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://x/y.png\"}}]}]}"),
            400, "invalid_request_error", "invalid_value", "messages[0].content[0].type"),
        ["tool message without call id"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"tool\",\"content\":\"42\"}]}"), 400, "invalid_request_error", "missing_required_parameter", "messages[0].tool_call_id"),
        ["tool call arguments not JSON"] = (() => Utf8("{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}"),
            400, "invalid_request_error", "invalid_value", "messages[0].tool_calls[0].function.arguments"),
        ["max_tokens is a string"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"max_tokens\":\"ten\"")), 400, "invalid_request_error", "invalid_value", "max_tokens"),
        ["max_tokens is a fraction"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"max_tokens\":1.5")), 400, "invalid_request_error", "invalid_value", "max_tokens"),
        ["max_tokens zero"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"max_tokens\":0")), 400, "invalid_request_error", "invalid_value", "max_tokens"),
        ["max_completion_tokens over the limit"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"max_completion_tokens\":100000")), 400, "invalid_request_error", "invalid_value", "max_completion_tokens"),
        ["temperature out of range"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"temperature\":5")), 400, "invalid_request_error", "invalid_value", "temperature"),
        ["top_p is a string"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"top_p\":\"high\"")), 400, "invalid_request_error", "invalid_value", "top_p"),
        ["seed is a fraction"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"seed\":0.5")), 400, "invalid_request_error", "invalid_value", "seed"),
        ["stop has five entries"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]")), 400, "invalid_request_error", "invalid_value", "stop"),
        ["n is 2"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"n\":2")), 400, "invalid_request_error", "invalid_value", "n"),
        ["stream is a string"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"stream\":\"yes\"")), 400, "invalid_request_error", "invalid_value", "stream"),
        ["tools not an array"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"tools\":{\"name\":\"f\"}")), 400, "invalid_request_error", "invalid_value", "tools"),
        ["tool of an unknown type"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"tools\":[{\"type\":\"retrieval\"}]")), 400, "invalid_request_error", "invalid_value", "tools[0].type"),
        ["tool_choice unknown"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"sometimes\"")),
            400, "invalid_request_error", "invalid_value", "tool_choice"),
        ["enable_thinking not a boolean"] = (() => Utf8(ServerHttp.Chat(M, extra: ",\"chat_template_kwargs\":{\"enable_thinking\":\"maybe\"}")),
            400, "invalid_request_error", "invalid_value", "chat_template_kwargs.enable_thinking"),
        ["body over the size limit"] = (() => Utf8(ServerHttp.Chat(M, new string('x', 70_000))), 413, "invalid_request_error", "request_too_large", null),
        ["prompt over the character limit"] = (() => Utf8(ServerHttp.Chat(M, new string('x', 30_000))), 400, "invalid_request_error", "context_length_exceeded", "messages"),
        ["prompt over the model's context"] = (() => Utf8(ServerHttp.Chat(M, Long)), 400, "invalid_request_error", "context_length_exceeded", "messages"),
        ["prompt over the model's context, streaming"] = (() => Utf8(ServerHttp.Chat(M, Long, ",\"stream\":true")), 400, "invalid_request_error", "context_length_exceeded", "messages"),
    };

    private readonly Fixture _fixture;

    public BadInputTests(Fixture fixture) => _fixture = fixture;

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadRequest_GetsAClearOpenAiError_AndTheServerStaysHealthy(string name)
    {
        var (body, status, type, code, param) = Cases[name];
        var local = await _fixture.GetAsync();

        var (actualStatus, json, _) = await ServerHttp.SendAsync(local.Http, "v1/chat/completions", new ByteArrayContent(body()));

        Assert.Equal(status, actualStatus);
        var error = json.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.True(error.GetProperty("message").GetString()!.Length > 15, "the message should say what is wrong");
        await AssertHealthyAsync(local);
    }

    [Fact]
    public async Task AllBadRequests_AreCountedAsInvalid_AndLeakNoSequence()
    {
        var local = await _fixture.GetAsync();
        var before = local.Server.Requests.Invalid;

        foreach (var (body, _, _, _, _) in Cases.Values)
        {
            await ServerHttp.SendAsync(local.Http, "v1/chat/completions", new ByteArrayContent(body()));
        }

        Assert.Equal(Cases.Count, local.Server.Requests.Invalid - before);
        await local.WaitForQuietAsync(0);
        Assert.Empty(await local.CacheMismatchesAsync());
        await AssertHealthyAsync(local);
    }

    private static async Task AssertHealthyAsync(LocalModelServer local)
    {
        var health = await local.Http.GetAsync("health");
        var (status, ok, _) = await ServerHttp.PostAsync(local.Http, "v1/chat/completions", ServerHttp.Chat(M, "Hi", ",\"max_tokens\":3"));
        Assert.Equal(200, (int)health.StatusCode);
        Assert.Equal(200, status);
        Assert.Equal(3, ok.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>One server for the whole table: stories260K with a 256-token context and small limits, started on first use.</summary>
    public sealed class Fixture : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private LocalModelServer? _server;

        public async Task<LocalModelServer> GetAsync()
        {
            await _gate.WaitAsync();
            try
            {
                return _server ??= await LocalModelServer.StartAsync(TestPaths.StoriesChatMl,
                    new InferenceSchedulerOptions { ContextSize = 256, MaxSequences = 1, Threads = 1 },
                    new OpenAiServerOptions { MaxBodyBytes = 64 * 1024, MaxPromptCharacters = 20_000, MaxTokens = 200, DefaultMaxTokens = 16 });
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _gate.Dispose();
        }
    }
}
