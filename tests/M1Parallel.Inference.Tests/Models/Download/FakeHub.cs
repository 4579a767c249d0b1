using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Inference.Tests.Models.Download;

/// <summary>
/// A Hugging Face hub on 127.0.0.1 (free port) serving one file at <c>/test-org/Tiny-GGUF/resolve/main/tiny.gguf</c>,
/// optionally through a redirect to <c>/cdn/tiny.gguf</c>; what each request gets (a status, a drop, a stall, range
/// support) is scripted per request number.
/// </summary>
internal sealed class FakeHub : IAsyncDisposable
{
    public const string Repository = "test-org/Tiny-GGUF";
    public const string FileName = "tiny.gguf";

    private readonly WebApplication _app;
    private readonly List<Request> _requests = [];

    private FakeHub(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The hub's base URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>The catalog page of the repository, as a catalog entry's source.</summary>
    public static string Source => $"https://huggingface.co/{Repository}";

    /// <summary>Every request so far, in order.</summary>
    public IReadOnlyList<Request> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Starts a hub serving <paramref name="file"/>; <paramref name="script"/> gets the 0-based request number.</summary>
    public static async Task<FakeHub> StartAsync(byte[] file, Func<int, Behaviour>? script = null)
    {
        script ??= _ => new Behaviour();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeHub? hub = null;
        app.Run(async context =>
        {
            int number;
            lock (hub!._requests)
            {
                number = hub._requests.Count;
                hub._requests.Add(new Request(context.Request.Path, context.Request.Headers.Range.ToString(), context.Request.Headers.Authorization.ToString()));
            }

            var behaviour = script(number);
            var path = context.Request.Path.Value ?? "";
            if (path == $"/cdn/{FileName}")
            {
                await ServeAsync(context, file, behaviour);
            }
            else if (path != $"/{Repository}/resolve/main/{FileName}")
            {
                context.Response.StatusCode = 404;
            }
            else if (behaviour.Status is { } status)
            {
                context.Response.StatusCode = status;
            }
            else if (behaviour.AnnouncedSha256 is { } sha256)
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = $"/cdn/{FileName}";
                context.Response.Headers["X-Linked-Etag"] = $"\"{sha256}\"";
                context.Response.Headers["X-Linked-Size"] = file.Length.ToString();
            }
            else
            {
                await ServeAsync(context, file, behaviour);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        hub = new FakeHub(app, new Uri(address.Replace("localhost", "127.0.0.1")));
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task ServeAsync(HttpContext context, byte[] file, Behaviour behaviour)
    {
        long start = 0;
        var range = context.Request.Headers.Range.ToString();
        if (!behaviour.IgnoreRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1]);
            if (start >= file.Length)
            {
                context.Response.StatusCode = 416;
                context.Response.Headers.ContentRange = $"bytes */{file.Length}";
                return;
            }

            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{file.Length - 1}/{file.Length}";
        }

        context.Response.ContentLength = file.Length - start;
        var count = (int)Math.Min(behaviour.SendOnly ?? long.MaxValue, file.Length - start);
        await context.Response.Body.WriteAsync(file.AsMemory((int)start, count));
        await context.Response.Body.FlushAsync();
        if (behaviour.SendOnly is null)
        {
            return;
        }

        if (behaviour.DropOnceReceived is { } received)
        {
            await received.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
        }

        if (behaviour.ThenStall)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Abort();
    }

    /// <summary>One request as the hub saw it.</summary>
    public sealed record Request(string Path, string Range, string Authorization);

    /// <summary>What one request gets.</summary>
    public sealed record Behaviour
    {
        /// <summary>Answer the resolve URL with this status and no body.</summary>
        public int? Status { get; init; }

        /// <summary>Answer a range request with the whole file (200).</summary>
        public bool IgnoreRange { get; init; }

        /// <summary>Send only this many bytes of the body, then drop the connection (or stall, with <see cref="ThenStall"/>).</summary>
        public long? SendOnly { get; init; }

        /// <summary>Drop the connection only once this completes (the client has the bytes sent: a drop may lose bytes still in flight).</summary>
        public Task? DropOnceReceived { get; init; }

        /// <summary>After <see cref="SendOnly"/> bytes, send nothing more until the client gives up.</summary>
        public bool ThenStall { get; init; }

        /// <summary>Redirect the resolve URL to /cdn/ announcing this sha256 (X-Linked-Etag) and the file's size.</summary>
        public string? AnnouncedSha256 { get; init; }
    }
}
