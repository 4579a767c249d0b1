namespace M1Parallel.Serving.Tests;

/// <summary>
/// Stopping: no new requests, those in flight finish within the grace period or are cancelled after it, those waiting
/// for a place are told the server is shutting down.
/// </summary>
public sealed class GracefulStopTests
{
    private const string Model = "scripted-model";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_StoppingTokenCancelled_LetsTheRequestInFlightFinish()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await OpenAiCompatibleServer.StartAsync(ScriptedChatClient.WaitingFor(release.Task, started),
            new OpenAiServerOptions { ShutdownGracePeriod = TimeSpan.FromMinutes(5) });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var stopping = new CancellationTokenSource();
        var run = server.RunAsync(stopping.Token);
        var inFlight = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await started.Task.WaitAsync(Patience);

        await stopping.CancelAsync();
        await AdmissionTests.WaitUntilAsync(() => server.IsStopping);
        await Task.Delay(200);
        Assert.False(run.IsCompleted);
        release.SetResult();
        await run.WaitAsync(Patience);

        var (status, body, _) = await inFlight.WaitAsync(Patience);
        Assert.Equal(200, status);
        Assert.Equal("done", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal((1L, 0L, 0), (server.Requests.Completed, server.Requests.Cancelled, server.Requests.InFlight));
        await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient { BaseAddress = server.BaseAddress }.GetAsync("health"));
    }

    [Fact]
    public async Task StopAsync_RequestOutlivesTheGracePeriod_IsCancelled()
    {
        var clock = new FakeTimeProvider();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await OpenAiCompatibleServer.StartAsync(ScriptedChatClient.WaitingFor(new TaskCompletionSource().Task, started),
            new OpenAiServerOptions { ShutdownGracePeriod = TimeSpan.FromSeconds(5), TimeProvider = clock });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var inFlight = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await started.Task.WaitAsync(Patience);

        var stop = server.StopAsync();
        clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(200);
        Assert.False(stop.IsCompleted);
        Assert.Equal(0, server.Requests.Cancelled);
        clock.Advance(TimeSpan.FromSeconds(1));
        await stop.WaitAsync(Patience);

        Assert.Equal((0L, 1L, 0), (server.Requests.Completed, server.Requests.Cancelled, server.Requests.InFlight));
        try
        {
            await inFlight; // the answer was cut off
        }
        catch (HttpRequestException)
        {
        }
    }

    [Fact]
    public async Task StopAsync_HurryTokenCancelled_CancelsTheGenerationsAtOnce()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await OpenAiCompatibleServer.StartAsync(ScriptedChatClient.WaitingFor(new TaskCompletionSource().Task, started),
            new OpenAiServerOptions { ShutdownGracePeriod = TimeSpan.FromMinutes(5) });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var inFlight = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await started.Task.WaitAsync(Patience);
        using var hurry = new CancellationTokenSource();

        var stop = server.StopAsync(hurry.Token);
        await hurry.CancelAsync();
        await stop.WaitAsync(Patience);

        Assert.Equal((1L, 0), (server.Requests.Cancelled, server.Requests.InFlight));
        try
        {
            await inFlight;
        }
        catch (HttpRequestException)
        {
        }
    }

    [Fact]
    public async Task StopAsync_RequestWaitingForAPlace_Gets503ShuttingDown()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await OpenAiCompatibleServer.StartAsync(ScriptedChatClient.WaitingFor(release.Task, started),
            new OpenAiServerOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 1, ShutdownGracePeriod = TimeSpan.FromMinutes(5) });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var first = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await started.Task.WaitAsync(Patience);
        var waiting = ServerHttp.PostAsync(http, "v1/chat/completions", ServerHttp.Chat(Model));
        await AdmissionTests.WaitUntilAsync(() => server.Requests.Waiting == 1);

        var stop = server.StopAsync();
        var (status, body, _) = await waiting.WaitAsync(Patience);
        release.SetResult();
        await stop.WaitAsync(Patience);

        Assert.Equal(503, status);
        Assert.Equal("server_shutting_down", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(200, (await first.WaitAsync(Patience)).Status);
        Assert.Equal((1L, 1L), (server.Requests.Completed, server.Requests.Rejected));
    }
}
