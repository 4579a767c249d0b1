using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M1Parallel.MagenticOne.Tests.Agents.WebSurfer;

/// <summary>Two pages on 127.0.0.1: <c>/set</c> sets a cookie, <c>/show</c> shows the cookie it was sent.</summary>
internal sealed class CookieWeb : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CookieWeb(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    public string BaseUrl { get; }

    public static async Task<CookieWeb> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/set", (HttpContext http) =>
        {
            http.Response.Cookies.Append("flavour", "quince");
            return Page("Set", "<p>cookie set</p>");
        });
        app.MapGet("/show", (HttpContext http) => Page("Show", $"<p>flavour is {http.Request.Cookies["flavour"] ?? "missing"}</p>"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CookieWeb(app, address.TrimEnd('/'));
    }

    private static IResult Page(string title, string body) =>
        Results.Content($"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>", "text/html");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
