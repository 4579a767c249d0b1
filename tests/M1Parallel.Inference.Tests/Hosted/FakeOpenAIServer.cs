using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Inference.Tests.Hosted;

/// <summary>An OpenAI-compatible <c>/v1/chat/completions</c> on 127.0.0.1 (free port) whose replies a test scripts per request.</summary>
internal sealed class FakeOpenAIServer : IAsyncDisposable
{
    private const string BodyKey = "m1p.body";
    private readonly WebApplication _app;
    private readonly List<(string Body, string? Authorization)> _requests = [];

    private FakeOpenAIServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL, ending in /v1.</summary>
    public Uri BaseUrl { get; }

    public IReadOnlyList<(string Body, string? Authorization)> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Starts a server; <paramref name="reply"/> gets the context and the 0-based request number.</summary>
    public static async Task<FakeOpenAIServer> StartAsync(Func<HttpContext, int, Task> reply)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeOpenAIServer? server = null;
        app.MapPost("/v1/chat/completions", async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            int number;
            lock (server!._requests)
            {
                number = server._requests.Count;
                server._requests.Add((body, context.Request.Headers.Authorization.ToString()));
            }

            context.Items[BodyKey] = body;
            await reply(context, number);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeOpenAIServer(app, new Uri(address.Replace("localhost", "127.0.0.1") + "/v1"));
        return server;
    }

    /// <summary>Whether the request being answered asked for a streamed reply.</summary>
    public static bool AsksToStream(HttpContext context) =>
        context.Items[BodyKey] is string body && body.Contains("\"stream\":true", StringComparison.Ordinal);

    public static Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public static async Task Stream(HttpContext context, params string[] chunks)
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var chunk in chunks)
        {
            await context.Response.WriteAsync($"data: {chunk}\n\n");
            await context.Response.Body.FlushAsync();
        }

        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    /// <summary>Sends <paramref name="chunks"/> as server-sent events, then ends the response normally without a <c>[DONE]</c>.</summary>
    public static async Task StreamWithoutDone(HttpContext context, params string[] chunks)
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var chunk in chunks)
        {
            await context.Response.WriteAsync($"data: {chunk}\n\n");
            await context.Response.Body.FlushAsync();
        }
    }

    /// <summary>Sends <paramref name="chunks"/>, waits for <paramref name="proceed"/>, then ends normally without <c>[DONE]</c>.</summary>
    public static async Task StreamThenEnd(HttpContext context, Task proceed, params string[] chunks)
    {
        await StreamWithoutDone(context, chunks);
        await proceed.WaitAsync(context.RequestAborted);
    }

    /// <summary>Sends <paramref name="chunks"/>, waits for <paramref name="proceed"/>, then aborts the connection (a reset).</summary>
    public static async Task StreamThenAbort(HttpContext context, Task proceed, params string[] chunks)
    {
        await StreamWithoutDone(context, chunks);
        await proceed.WaitAsync(context.RequestAborted);
        context.Abort();
    }

    /// <summary>Sends <paramref name="chunks"/>, waits for <paramref name="proceed"/>, sends the first half of
    /// <paramref name="cutChunk"/> and ends the response there: the last event stops in the middle of its JSON.</summary>
    public static async Task StreamCutInAChunk(HttpContext context, Task proceed, string cutChunk, params string[] chunks)
    {
        await StreamWithoutDone(context, chunks);
        await proceed.WaitAsync(context.RequestAborted);
        await context.Response.WriteAsync("data: " + cutChunk[..(cutChunk.Length / 2)]);
        await context.Response.Body.FlushAsync();
    }

    /// <summary>Sends <paramref name="chunks"/>, waits for <paramref name="proceed"/>, then sends an event whose data is not JSON and ends.</summary>
    public static async Task StreamThenMalformedChunk(HttpContext context, Task proceed, params string[] chunks)
    {
        await StreamWithoutDone(context, chunks);
        await proceed.WaitAsync(context.RequestAborted);
        await context.Response.WriteAsync("data: {\"id\": \"chatcmpl-2\", \"choices\": [ this is not json\n\n");
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    /// <summary>Sends <paramref name="chunks"/>, signals <paramref name="stalled"/>, then sends nothing more until the client gives up.</summary>
    public static async Task StreamThenStall(HttpContext context, TaskCompletionSource stalled, params string[] chunks)
    {
        await StreamWithoutDone(context, chunks);
        stalled.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client hung up: the stall is over.
        }
    }

    /// <summary>Aborts the connection before a single byte of the response is sent.</summary>
    public static Task ResetBeforeAnyByte(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    /// <summary>Announces the whole <paramref name="json"/> (Content-Length) but sends only its first half, then aborts the connection.</summary>
    public static async Task TruncatedJson(HttpContext context, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
        await context.Response.Body.FlushAsync();
        context.Abort();
    }

    public static string Completion(string content, int prompt = 12, int completion = 3) =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o\"," +
        "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]," +
        $"\"usage\":{{\"prompt_tokens\":{prompt},\"completion_tokens\":{completion},\"total_tokens\":{prompt + completion}}}}}";

    public static string Chunk(string delta, string? finish = null) =>
        "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\"," +
        "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finish is null ? "null" : "\"" + finish + "\"") + "}]}";

    public static string UsageChunk(int prompt, int completion) =>
        "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[]," +
        $"\"usage\":{{\"prompt_tokens\":{prompt},\"completion_tokens\":{completion},\"total_tokens\":{prompt + completion}}}}}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
