using M1Parallel.Inference.Hosted;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace M1Parallel.Inference.Tests.Hosted;

/// <summary>
/// The hosted client against a server that breaks its replies: connections reset before any byte, streams that end or
/// are cut after some chunks (without <c>[DONE]</c> or a final chunk), a stream cut inside a JSON chunk, a stream that
/// stalls, a buffered body cut short. Before anything reached the caller the attempt is retried; after updates were
/// handed out the call fails with a clear <see cref="HostedBackendException"/>, never a raw IOException or JsonException
/// and never a silently shortened answer. Every case ends, and the next request on the same client works.
/// </summary>
public sealed class HostedChatClientFaultTests
{
    private const string KeyVariable = "M1P_TEST_HOSTED_KEY";

    /// <summary>Longest a case may take before it counts as hung (a guard, not a measurement).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "Say hello")];

    /// <summary>The ways a stream breaks after it has started.</summary>
    public enum StreamBreak
    {
        /// <summary>The response ends normally, but without a finish chunk, usage chunk or <c>[DONE]</c>.</summary>
        EndsWithoutDone,

        /// <summary>The connection is aborted after the chunks.</summary>
        ConnectionAborted,

        /// <summary>The response ends in the middle of a JSON chunk.</summary>
        CutInsideAJsonChunk,

        /// <summary>An event whose data is not JSON arrives (then <c>[DONE]</c>).</summary>
        MalformedChunk,
    }

    private static IChatClient Client(FakeOpenAIServer server, int maxRetries = 2, TimeProvider? time = null) =>
        HostedChatClient.Create(new HostedBackendOptions(server.BaseUrl, "gpt-4o", KeyVariable, TimeSpan.FromSeconds(100), maxRetries,
                TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), time ?? new RecordingTimeProvider(TimeSpan.FromSeconds(60))),
            _ => "sk-test");

    private static Task Break(HttpContext context, StreamBreak how, Task proceed, params string[] chunks) => how switch
    {
        StreamBreak.EndsWithoutDone => FakeOpenAIServer.StreamThenEnd(context, proceed, chunks),
        StreamBreak.ConnectionAborted => FakeOpenAIServer.StreamThenAbort(context, proceed, chunks),
        StreamBreak.CutInsideAJsonChunk => FakeOpenAIServer.StreamCutInAChunk(context, proceed, FakeOpenAIServer.Chunk("""{"content":" world"}"""), chunks),
        _ => FakeOpenAIServer.StreamThenMalformedChunk(context, proceed, chunks),
    };

    private static Task Whole(HttpContext context) => FakeOpenAIServer.Stream(context,
        FakeOpenAIServer.Chunk("""{"role":"assistant","content":"fine"}"""),
        FakeOpenAIServer.Chunk("{}", "stop"),
        FakeOpenAIServer.UsageChunk(5, 1));

    private static async Task<string> StreamTextAsync(IChatClient client)
    {
        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync(Hello))
        {
            text += update.Text;
        }

        return text;
    }

    private static async Task AssertNextRequestsWorkAsync(IChatClient client)
    {
        Assert.Equal("fine", await StreamTextAsync(client).WaitAsync(HangGuard));
        Assert.Equal("ok", (await client.GetResponseAsync(Hello).WaitAsync(HangGuard)).Text);
    }

    /// <summary>Starts a server whose first <paramref name="faulty"/> requests get <paramref name="fault"/> and later ones a whole reply.</summary>
    private static Task<FakeOpenAIServer> ServerAsync(int faulty, Func<HttpContext, Task> fault) =>
        FakeOpenAIServer.StartAsync((context, n) =>
        {
            if (n < faulty)
            {
                return fault(context);
            }

            var streaming = FakeOpenAIServer.AsksToStream(context);
            return streaming ? Whole(context) : FakeOpenAIServer.Json(context, FakeOpenAIServer.Completion("ok"));
        });

    [Fact]
    public async Task Streaming_ConnectionResetBeforeAnyByte_IsRetriedAndTheWholeAnswerArrives()
    {
        await using var server = await ServerAsync(1, FakeOpenAIServer.ResetBeforeAnyByte);
        using var client = Client(server);

        var text = await StreamTextAsync(client).WaitAsync(HangGuard);

        Assert.Equal("fine", text);
        Assert.Equal(2, server.Requests.Count);
        await AssertNextRequestsWorkAsync(client);
    }

    [Fact]
    public async Task GetResponse_ConnectionResetBeforeAnyByte_IsRetried()
    {
        await using var server = await ServerAsync(1, FakeOpenAIServer.ResetBeforeAnyByte);
        using var client = Client(server);

        var response = await client.GetResponseAsync(Hello).WaitAsync(HangGuard);

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, server.Requests.Count);
        await AssertNextRequestsWorkAsync(client);
    }

    [Fact]
    public async Task Streaming_ConnectionResetOnEveryAttempt_FailsClearlyAfterOnePlusMaxRetriesAttempts()
    {
        await using var server = await ServerAsync(3, FakeOpenAIServer.ResetBeforeAnyByte);
        using var client = Client(server, maxRetries: 2);

        var error = await Assert.ThrowsAsync<HostedBackendException>(() => StreamTextAsync(client).WaitAsync(HangGuard));

        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains(server.BaseUrl.ToString().TrimEnd('/'), error.Message);
        Assert.Contains("after 3 attempt", error.Message);
        await AssertNextRequestsWorkAsync(client);
    }

    [Theory]
    [InlineData(StreamBreak.EndsWithoutDone)]
    [InlineData(StreamBreak.ConnectionAborted)]
    [InlineData(StreamBreak.CutInsideAJsonChunk)]
    public async Task Streaming_BrokenBeforeAnyUpdateReachedTheCaller_IsRetriedAndTheWholeAnswerArrives(StreamBreak how)
    {
        // Only the role chunk (no text) comes before the break: nothing has been handed out, so a retry is safe.
        await using var server = await ServerAsync(1, c => Break(c, how, Task.CompletedTask, FakeOpenAIServer.Chunk("""{"role":"assistant","content":""}""")));
        using var client = Client(server);

        var text = await StreamTextAsync(client).WaitAsync(HangGuard);

        Assert.Equal("fine", text);
        Assert.Equal(2, server.Requests.Count);
        await AssertNextRequestsWorkAsync(client);
    }

    [Theory]
    [InlineData(StreamBreak.EndsWithoutDone)]
    [InlineData(StreamBreak.ConnectionAborted)]
    [InlineData(StreamBreak.CutInsideAJsonChunk)]
    [InlineData(StreamBreak.MalformedChunk)]
    public async Task Streaming_BrokenAfterUpdatesReachedTheCaller_FailsClearlyNamingWhatArrived_WithoutRetrying(StreamBreak how)
    {
        // The server breaks the stream only once both text updates have reached the caller.
        var bothReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ServerAsync(1, c => Break(c, how, bothReceived.Task,
            FakeOpenAIServer.Chunk("""{"role":"assistant","content":"Hel"}"""),
            FakeOpenAIServer.Chunk("""{"content":"lo"}""")));
        using var client = Client(server);
        var received = new List<string>();

        async Task ConsumeAsync()
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hello))
            {
                received.Add(update.Text);
                if (received.Count == 2)
                {
                    bothReceived.TrySetResult();
                }
            }
        }

        var error = await Assert.ThrowsAsync<HostedBackendException>(() => ConsumeAsync().WaitAsync(HangGuard));

        Assert.Equal(["Hel", "lo"], received); // what was handed out stays handed out; nothing is repeated
        Assert.Single(server.Requests); // text already reached the caller: no retry
        Assert.Contains(server.BaseUrl.ToString().TrimEnd('/'), error.Message);
        Assert.Contains("2 update(s)", error.Message);
        Assert.Contains("5 characters", error.Message);
        Assert.Contains("incomplete", error.Message);
        Assert.Contains("call again", error.Message);
        Assert.NotNull(error.InnerException); // the cause is kept for the log
        await AssertNextRequestsWorkAsync(client);
    }

    [Fact]
    public async Task Streaming_ConnectionResetAfterTheFinishAndUsageChunks_EndsNormallyWithTheWholeAnswer()
    {
        var usageReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ServerAsync(1, c => FakeOpenAIServer.StreamThenAbort(c, usageReceived.Task,
            FakeOpenAIServer.Chunk("""{"role":"assistant","content":"Hel"}"""),
            FakeOpenAIServer.Chunk("""{"content":"lo"}"""),
            FakeOpenAIServer.Chunk("{}", "stop"),
            FakeOpenAIServer.UsageChunk(20, 2)));
        using var client = Client(server);
        var updates = new List<ChatResponseUpdate>();

        async Task ConsumeAsync()
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hello))
            {
                updates.Add(update);
                if (update.Contents.OfType<UsageContent>().Any())
                {
                    usageReceived.TrySetResult(); // only now does the server reset the connection, before [DONE]
                }
            }
        }

        await ConsumeAsync().WaitAsync(HangGuard);

        Assert.Equal("Hello", string.Concat(updates.Select(u => u.Text)));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Single(server.Requests);
        await AssertNextRequestsWorkAsync(client);
    }

    [Fact]
    public async Task Streaming_ConnectionResetAfterUsageButBeforeTheToolCallsWereWhole_IsRetriedAndTheCallArrives()
    {
        // Tool-call fragments are assembled into one call only at the stream's end: a reset before then loses the call,
        // so the reply is incomplete even though its finish reason and usage arrived.
        string[] toolReply =
        [
            FakeOpenAIServer.Chunk("""{"role":"assistant","tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"search","arguments":""}}]}"""),
            FakeOpenAIServer.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"query\":\"m1\"}"}}]}"""),
            FakeOpenAIServer.Chunk("{}", "tool_calls"),
            FakeOpenAIServer.UsageChunk(40, 12),
        ];
        await using var server = await FakeOpenAIServer.StartAsync((c, n) => n == 0
            ? FakeOpenAIServer.StreamThenAbort(c, Task.CompletedTask, toolReply)
            : FakeOpenAIServer.Stream(c, toolReply));
        using var client = Client(server);

        var contents = new List<AIContent>();
        await foreach (var update in client.GetStreamingResponseAsync(Hello))
        {
            contents.AddRange(update.Contents);
        }

        var call = Assert.Single(contents.OfType<FunctionCallContent>());
        Assert.Equal("search", call.Name);
        Assert.Single(contents.OfType<UsageContent>()); // the first attempt's usage never reached the caller
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Streaming_MalformedChunkBeforeAnyUpdate_FailsClearlyWithoutRetrying()
    {
        await using var server = await ServerAsync(1, c => Break(c, StreamBreak.MalformedChunk, Task.CompletedTask));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<HostedBackendException>(() => StreamTextAsync(client).WaitAsync(HangGuard));

        Assert.Contains("not a valid OpenAI chat completion", error.Message);
        Assert.Single(server.Requests); // the reply arrived whole and is wrong: asking again would not help
        await AssertNextRequestsWorkAsync(client);
    }

    [Fact]
    public async Task Streaming_StallsPastTheRequestTimeoutBeforeAnyUpdate_IsRetried()
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ServerAsync(1, c => FakeOpenAIServer.StreamThenStall(c, stalled, FakeOpenAIServer.Chunk("""{"role":"assistant","content":""}""")));
        var time = new FakeTimeProvider();
        using var client = HostedChatClient.Create(
            new HostedBackendOptions(server.BaseUrl, "gpt-4o", requestTimeout: TimeSpan.FromSeconds(100), maxRetries: 1, baseDelay: TimeSpan.Zero, timeProvider: time));

        var text = StreamTextAsync(client);
        await stalled.Task.WaitAsync(HangGuard);
        Assert.False(text.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(101));

        Assert.Equal("fine", await text.WaitAsync(HangGuard));
        Assert.Equal(2, server.Requests.Count);
        await AssertNextRequestsWorkAsync(client);
    }

    [Fact]
    public async Task Streaming_StallsPastTheRequestTimeoutAfterUpdates_FailsClearlyInsteadOfHanging()
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ServerAsync(1, c => FakeOpenAIServer.StreamThenStall(c, stalled,
            FakeOpenAIServer.Chunk("""{"role":"assistant","content":"Hel"}"""),
            FakeOpenAIServer.Chunk("""{"content":"lo"}""")));
        var time = new FakeTimeProvider();
        using var client = Client(server, time: time);

        var stream = client.GetStreamingResponseAsync(Hello).GetAsyncEnumerator();
        try
        {
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(HangGuard));
            Assert.Equal("Hel", stream.Current.Text);
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(HangGuard));
            Assert.Equal("lo", stream.Current.Text);
            await stalled.Task.WaitAsync(HangGuard);

            var next = stream.MoveNextAsync().AsTask();
            Assert.False(next.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(99)); // within the 100 s limit: still waiting
            Assert.False(next.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(2));
            var error = await Assert.ThrowsAsync<HostedBackendException>(() => next.WaitAsync(HangGuard));

            Assert.Contains("no data for 100 s", error.Message);
            Assert.Contains("2 update(s)", error.Message);
            Assert.Contains(server.BaseUrl.ToString().TrimEnd('/'), error.Message);
            Assert.Single(server.Requests);
        }
        finally
        {
            await stream.DisposeAsync();
        }

        await AssertNextRequestsWorkAsync(client);
    }

    [Fact]
    public async Task GetResponse_BodyCutShortByAClosedConnection_IsRetried()
    {
        await using var server = await ServerAsync(1, c => FakeOpenAIServer.TruncatedJson(c, FakeOpenAIServer.Completion("ok")));
        using var client = Client(server);

        var response = await client.GetResponseAsync(Hello).WaitAsync(HangGuard);

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, server.Requests.Count);
        await AssertNextRequestsWorkAsync(client);
    }

    [Fact]
    public async Task GetResponse_BodyCutShortOnEveryAttempt_FailsClearlyAndTheNextRequestWorks()
    {
        await using var server = await ServerAsync(3, c => FakeOpenAIServer.TruncatedJson(c, FakeOpenAIServer.Completion("ok")));
        using var client = Client(server, maxRetries: 2);

        var error = await Assert.ThrowsAsync<HostedBackendException>(() => client.GetResponseAsync(Hello).WaitAsync(HangGuard));

        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains(server.BaseUrl.ToString().TrimEnd('/'), error.Message);
        Assert.Contains("connection", error.Message);
        await AssertNextRequestsWorkAsync(client);
    }
}
