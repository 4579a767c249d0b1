using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace M1Parallel.Serving.Tests;

/// <summary>
/// Places over real loopback sockets: a client that goes away frees its place at once, a request beyond the limit waits
/// (bounded) for a place, and only a full queue or a wait that ran out gets a 429.
/// </summary>
public sealed class AdmissionTests
{
    private const string Model = "scripted-model";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AbortedStream_FreesItsPlaceBeforeTheServerWritesAgain()
    {
        // The first call streams one chunk, then stalls in a model step that ignores cancellation: its handler cannot
        // notice the hang-up by writing until the step ends. Later calls answer at once.
        var step = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var client = new ScriptedChatClient((_, _, ct) => Interlocked.Increment(ref calls) == 1 ? StallAfterFirstChunk(step.Task) : Quick(ct));
        await using var server = await OpenAiCompatibleServer.StartAsync(client, new OpenAiServerOptions
        {
            MaxConcurrentRequests = 1, MaxQueuedRequests = 1, QueueTimeout = TimeSpan.FromMinutes(5),
        });

        try
        {
            using (var aborting = new HttpClient { BaseAddress = server.BaseAddress })
            using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
                   {
                       Content = new StringContent(ServerHttp.Chat(Model, extra: ",\"stream\":true"), Encoding.UTF8, "application/json"),
                   })
            using (var response = await aborting.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                while (await reader.ReadLineAsync() is { } line && !line.Contains("first", StringComparison.Ordinal))
                {
                }
            } // the client hangs up mid-stream

            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var (status, body, _) = await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model)).WaitAsync(Patience);

            Assert.Equal(200, status);
            Assert.Equal("quick", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
            Assert.Equal(1, server.Requests.InFlight); // the aborted handler is still stuck in its model step: only its place was freed
            Assert.Equal(0, server.Requests.Rejected);
        }
        finally
        {
            step.TrySetResult(); // the model step ends; the aborted handler then notices and ends too
        }

        await WaitUntilAsync(() => server.Requests is { InFlight: 0, Cancelled: 1 });
    }

    [Fact]
    public async Task RequestBeyondTheLimit_WaitsForAPlace_AndIsServed()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await OpenAiCompatibleServer.StartAsync(ScriptedChatClient.WaitingFor(release.Task, started),
            new OpenAiServerOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 1 });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var first = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await started.Task.WaitAsync(Patience);
        var second = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await WaitUntilAsync(() => server.Requests.Waiting == 1);
        Assert.False(second.IsCompleted);
        release.SetResult();

        Assert.Equal(200, (await first.WaitAsync(Patience)).Status);
        Assert.Equal(200, (await second.WaitAsync(Patience)).Status);
        Assert.Equal((2L, 0L, 0), (server.Requests.Completed, server.Requests.Rejected, server.Requests.Waiting));
    }

    [Fact]
    public async Task FullQueue_Gets429WithRetryAfterAtOnce_AndTheWaitingRequestIsStillServed()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await OpenAiCompatibleServer.StartAsync(ScriptedChatClient.WaitingFor(release.Task, started),
            new OpenAiServerOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 1, RetryAfter = TimeSpan.FromSeconds(2) });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var first = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await started.Task.WaitAsync(Patience);
        var waiting = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await WaitUntilAsync(() => server.Requests.Waiting == 1);

        var (status, body, response) = await ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model)).WaitAsync(Patience);
        release.SetResult();

        Assert.Equal(429, status);
        Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("rate_limit_exceeded", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("1 more are waiting", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(200, (await first.WaitAsync(Patience)).Status);
        Assert.Equal(200, (await waiting.WaitAsync(Patience)).Status);
        Assert.Equal(1, server.Requests.Rejected);
    }

    [Fact]
    public async Task WaitForAPlaceRunsOut_Gets429WithRetryAfter()
    {
        var clock = new FakeTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await OpenAiCompatibleServer.StartAsync(ScriptedChatClient.WaitingFor(release.Task, started), new OpenAiServerOptions
        {
            MaxConcurrentRequests = 1, MaxQueuedRequests = 4, QueueTimeout = TimeSpan.FromSeconds(3), TimeProvider = clock,
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var first = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await started.Task.WaitAsync(Patience);
        var waiting = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await WaitUntilAsync(() => server.Requests.Waiting == 1);

        clock.Advance(TimeSpan.FromSeconds(3));
        var (status, body, response) = await waiting.WaitAsync(Patience);
        release.SetResult();

        Assert.Equal(429, status);
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.Contains("waited 3 s", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(200, (await first.WaitAsync(Patience)).Status);
        Assert.Equal((1L, 0), (server.Requests.Rejected, server.Requests.Waiting));
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> StallAfterFirstChunk(Task step)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "first");
        await step; // a model step that does not look at the cancellation token
        yield return new ChatResponseUpdate(ChatRole.Assistant, "second") { FinishReason = ChatFinishReason.Stop };
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Quick([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        ct.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "quick") { FinishReason = ChatFinishReason.Stop };
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
