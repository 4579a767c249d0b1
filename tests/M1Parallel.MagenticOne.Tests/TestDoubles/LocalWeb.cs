using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M1Parallel.MagenticOne.Tests.TestDoubles;

/// <summary>A tiny web site served by Kestrel on 127.0.0.1 at a free port: home, about, search, a long page, a download.</summary>
internal sealed class LocalWeb : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _slowRequested;

    private LocalWeb(WebApplication app, string baseUrl, TaskCompletionSource slowRequested)
    {
        _app = app;
        BaseUrl = baseUrl;
        _slowRequested = slowRequested;
    }

    public string BaseUrl { get; }

    /// <summary>Completes when the browser first asks for /slow (the page that takes a minute to answer).</summary>
    public Task SlowRequested => _slowRequested.Task;

    public string SearchTemplate => BaseUrl + "/search?q={query}";

    public static async Task<LocalWeb> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var slowRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.MapGet("/", () => Html("Home", """
            <h1>Welcome to the test site</h1>
            <p>This site exists for WebSurfer tests.</p>
            <ul>
              <li><a href="/about">About us</a></li>
              <li><a href="/long">A long page</a></li>
              <li><a href="/report.csv">Download the report</a></li>
              <li><a href="/about" target="_blank">About in a new tab</a></li>
            </ul>
            <form action="/search" method="get">
              <input type="text" name="q" placeholder="Search the site">
              <button type="submit">Go</button>
            </form>
            """));
        app.MapGet("/about", () => Html("About", """
            <h1>About the society</h1>
            <p>The society was founded in 1887 by Ada Quill.</p>
            <a href="/">Back home</a>
            """));
        app.MapGet("/search", (string? q) => Html("Search results", $"""
            <h1>Results for {WebUtility.HtmlEncode(q ?? "")}</h1>
            <ol><li><a href="/about">Founding history of the society</a></li></ol>
            """));
        app.MapGet("/long", () => Html("Long", "<h1>Long page</h1>" + string.Concat(Enumerable.Range(1, 200).Select(i => $"<p>Paragraph number {i}.</p>")) + "<p>THE END MARKER</p>"));
        app.MapGet("/hover", () => Html("Hover", """
            <h1>Menu</h1>
            <button onmouseover="document.getElementById('tip').textContent = 'The menu opened on hover.'">Products</button>
            <p id="tip">Nothing hovered yet.</p>
            """));
        app.MapGet("/later", () => Html("Later", """
            <h1>Results</h1>
            <p id="status">The results are still loading.</p>
            <script>setTimeout(() => { document.getElementById('status').textContent = 'The results are ready.'; }, 2500);</script>
            """));
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            slowRequested.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(60), ct);
            return Html("Slow", "<p>finally</p>");
        });
        app.MapGet("/report.csv", () => Results.File("year,count\n1887,12\n"u8.ToArray(), "text/csv", "report.csv"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalWeb(app, address.TrimEnd('/'), slowRequested);
    }

    private static IResult Html(string title, string body) =>
        Results.Content($"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>", "text/html");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
