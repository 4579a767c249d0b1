using System.Text;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Serving.Tests;

/// <summary>A client that goes away cancels its generation in the scheduler, leaks no sequence, and disturbs no one else.</summary>
public sealed class DisconnectTests
{
    private const string M = "stories260K-chatml";

    // A long generation (2000 tokens) that a disconnect must cut short.
    private static readonly InferenceSchedulerOptions LongContext = new() { ContextSize = 2048, MaxSequences = 2, Threads = 1 };

    [Fact]
    public async Task StreamingClientDisconnects_GenerationIsCancelled_AndNoSequenceLeaks()
    {
        await using var local = await LocalModelServer.StartAsync(TestPaths.StoriesChatMl, LongContext, new() { MaxTokens = 2000 });
        using var http = new HttpClient { BaseAddress = local.Server.BaseAddress };

        using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
               {
                   Content = new StringContent(ServerHttp.Chat(M, "Tell me a long story", ",\"stream\":true,\"max_tokens\":2000,\"ignore_eos\":true"), Encoding.UTF8, "application/json"),
               })
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            var stream = await response.Content.ReadAsStreamAsync();
            var first = new byte[64];
            Assert.True(await stream.ReadAsync(first) > 0);
        } // disposing the response closes the connection mid-stream

        await local.WaitForQuietAsync(1);

        Assert.Equal(1, local.Scheduler.Metrics.Cancelled);
        Assert.Equal(1, local.Server.Requests.Cancelled);
        Assert.Equal(0, local.Server.Requests.Completed);
        Assert.Empty(await local.CacheMismatchesAsync());
        await AssertServesAsync(local);
    }

    [Fact]
    public async Task NonStreamingClientGivesUp_GenerationIsCancelled_AndOthersFinish()
    {
        await using var local = await LocalModelServer.StartAsync(TestPaths.StoriesChatMl, LongContext, new() { MaxTokens = 2000 });
        using var http = new HttpClient { BaseAddress = local.Server.BaseAddress };
        using var giveUp = new CancellationTokenSource();
        var stepsBefore = local.Scheduler.Metrics.Steps;

        var other = ServerHttp.PostAsync(local.Http, "v1/chat/completions", ServerHttp.Chat(M, "A short one", ",\"max_tokens\":64"));
        var abandoned = http.PostAsync("v1/chat/completions",
            new StringContent(ServerHttp.Chat(M, "Tell me a long story", ",\"max_tokens\":2000,\"ignore_eos\":true"), Encoding.UTF8, "application/json"), giveUp.Token);
        while (local.Scheduler.Metrics.Steps < stepsBefore + 5)
        {
            await Task.Delay(1);
        }

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        var (status, body, _) = await other;
        await local.WaitForQuietAsync(2);

        Assert.Equal(200, status);
        Assert.Equal(64, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(1, local.Scheduler.Metrics.Cancelled);
        Assert.Equal((1, 1), (local.Server.Requests.Completed, local.Server.Requests.Cancelled));
        Assert.Empty(await local.CacheMismatchesAsync());
        Assert.Contains("m1p_requests_total{outcome=\"cancelled\"} 1\n", await local.Http.GetStringAsync("metrics"));
    }

    [Fact]
    public async Task ClientClosesBeforeItsBodyIsComplete_CountsAsCancelledNotInvalid()
    {
        await using var local = await LocalModelServer.StartAsync(TestPaths.StoriesChatMl, LongContext, new() { MaxTokens = 16, DefaultMaxTokens = 16 });
        var body = Encoding.UTF8.GetBytes(ServerHttp.Chat(M, "Tell me a story", ",\"max_tokens\":8"));
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(local.Server.BaseAddress.Host, local.Server.BaseAddress.Port);
            var stream = tcp.GetStream();
            var head = $"POST /v1/chat/completions HTTP/1.1\r\nHost: {local.Server.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await Task.Delay(100); // let the server start reading the body
        } // the connection closes with half the body sent

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (local.Server.Requests.Total < 1 || local.Server.Requests.InFlight > 0)
        {
            await Task.Delay(10, limit.Token);
        }

        Assert.Equal(1, local.Server.Requests.Cancelled);
        Assert.Equal(0, local.Server.Requests.Invalid);
        await AssertServesAsync(local);
    }

    private static async Task AssertServesAsync(LocalModelServer local)
    {
        var (status, body, _) = await ServerHttp.PostAsync(local.Http, "v1/chat/completions", ServerHttp.Chat(M, "Hi", ",\"max_tokens\":5"));
        Assert.Equal(200, status);
        Assert.Equal(5, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
