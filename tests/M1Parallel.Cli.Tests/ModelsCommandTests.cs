using System.Net;
using System.Security.Cryptography;
using M1Parallel.Cli.Commands;
using M1Parallel.Cli.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Cli.Tests;

public sealed class ModelsCommandTests : IDisposable
{
    private const string ResolvePath = "/test-org/Tiny-GGUF/resolve/main/tiny.gguf";
    private static readonly byte[] Model = File.ReadAllBytes(TestModels.StoriesChatMl);
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-models-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Catalog(string? sha256)
    {
        var path = Path.Combine(_dir, "catalog.json");
        File.WriteAllText(path, $$"""
            { "models": [ { "name": "tiny", "source": "https://huggingface.co/test-org/Tiny-GGUF", "file": "tiny.gguf",
                            "sha256": {{(sha256 is null ? "null" : $"\"{sha256}\"")}}, "architecture": "llama" } ] }
            """);
        return path;
    }

    private string ModelsDir => Path.Combine(_dir, "models");

    /// <summary>A hub on 127.0.0.1 answering the model's resolve URL with <paramref name="answer"/> (default: the model, ranges honoured).</summary>
    private static async Task<WebApplication> StartHubAsync(Func<IResult>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet(ResolvePath, answer ?? (() => Results.Bytes(Model, "application/octet-stream", enableRangeProcessing: true)));
        await app.StartAsync();
        return app;
    }

    private static string EndpointOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("localhost", "127.0.0.1");

    [Fact]
    public async Task Pull_CatalogModel_DownloadsItIntoTheModelsFolderVerified()
    {
        await using var hub = await StartHubAsync();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Model));

        var (exit, output, error) = await ExperimentsCliHarness.InvokeAsync(ModelsCommand.Create(),
            "models", "pull", "tiny", "--catalog", Catalog(sha256), "--dir", ModelsDir, "--endpoint", EndpointOf(hub));

        Assert.True(exit == 0, error);
        Assert.Equal(Model, await File.ReadAllBytesAsync(Path.Combine(ModelsDir, "tiny.gguf")));
        Assert.Contains($"Downloaded tiny to {Path.Combine(ModelsDir, "tiny.gguf")}", output);
        Assert.Contains("ok: published sha256 from the catalog", output);
        Assert.Contains("ok: sha256 matches the published hash", output);
        Assert.DoesNotContain("warning", output);
    }

    [Fact]
    public async Task Pull_NoPublishedHash_PrintsTheComputedHashAndWarnsItIsUnverified()
    {
        await using var hub = await StartHubAsync();

        var (exit, output, _) = await ExperimentsCliHarness.InvokeAsync(ModelsCommand.Create(),
            "models", "pull", "tiny", "--catalog", Catalog(null), "--dir", ModelsDir, "--endpoint", EndpointOf(hub));

        Assert.Equal(0, exit);
        Assert.Contains($"sha256 {Convert.ToHexStringLower(SHA256.HashData(Model))}", output);
        Assert.Contains("could not be verified", output);
        Assert.Contains("https://huggingface.co/test-org/Tiny-GGUF/blob/main/tiny.gguf", output);
    }

    [Fact]
    public async Task Pull_HubRefuses_ExitsThreeNamingHfToken()
    {
        await using var hub = await StartHubAsync(() => Results.StatusCode(401));

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ModelsCommand.Create(),
            "models", "pull", "tiny", "--catalog", Catalog(null), "--dir", ModelsDir, "--endpoint", EndpointOf(hub));

        Assert.Equal(3, exit);
        Assert.Contains("HF_TOKEN", error);
        Assert.Contains("https://huggingface.co/test-org/Tiny-GGUF", error);
        Assert.False(File.Exists(Path.Combine(ModelsDir, "tiny.gguf")));
    }

    [Fact]
    public async Task Pull_UnknownModel_ExitsTwoListingTheKnownOnes()
    {
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ModelsCommand.Create(), "models", "pull", "huge", "--catalog", Catalog(null));

        Assert.Equal(2, exit);
        Assert.Contains("'huge' is not in", error);
        Assert.Contains("Known models: tiny", error);
    }

    [Fact]
    public async Task Pull_AlreadyDownloaded_SaysSoWithoutDownloading()
    {
        Directory.CreateDirectory(ModelsDir);
        await File.WriteAllTextAsync(Path.Combine(ModelsDir, "tiny.gguf"), "present");

        var (exit, output, _) = await ExperimentsCliHarness.InvokeAsync(ModelsCommand.Create(),
            "models", "pull", "tiny", "--catalog", Catalog(null), "--dir", ModelsDir, "--endpoint", "http://127.0.0.1:9");

        Assert.Equal(0, exit);
        Assert.Contains("already downloaded", output);
        Assert.Contains("m1p models verify tiny", output);
    }

    [Fact]
    public async Task Pull_EndpointNotAUrl_ExitsTwo()
    {
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ModelsCommand.Create(),
            "models", "pull", "tiny", "--catalog", Catalog(null), "--dir", ModelsDir, "--endpoint", "ftp://mirror");

        Assert.Equal(2, exit);
        Assert.Contains("not an http(s) URL", error);
    }
}
