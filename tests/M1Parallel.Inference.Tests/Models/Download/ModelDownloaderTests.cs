using System.Security.Cryptography;
using System.Text;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Models.Download;
using M1Parallel.Inference.Tests.Support;
using M1Parallel.Inference.Tests.Synthetic;

namespace M1Parallel.Inference.Tests.Models.Download;

public sealed class ModelDownloaderTests : IDisposable
{
    private static readonly byte[] Model = File.ReadAllBytes(TestPaths.Stories);
    private static readonly string ModelSha256 = Convert.ToHexStringLower(SHA256.HashData(Model));
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Target => _folder.File(FakeHub.FileName);

    private string Part => Target + ModelDownloader.PartSuffix;

    private static ModelCatalog.Entry Entry(string? sha256 = null) =>
        new("tiny", null, FakeHub.Source, FakeHub.FileName, sha256, null, "llama", null, null, null);

    private static ModelDownloadOptions Options(FakeHub hub) => new() { Endpoint = hub.Endpoint, RetryDelay = TimeSpan.Zero, MaxAttempts = 3 };

    private async Task<ModelDownloadResult> PullAsync(FakeHub hub, ModelCatalog.Entry entry, ModelDownloadOptions? options = null,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        using var downloader = new ModelDownloader(options ?? Options(hub));
        return await downloader.DownloadAsync(entry, _folder.Path, progress, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    [Fact]
    public async Task DownloadAsync_PublishedHashMatches_WritesTheVerifiedFileAndLeavesNoPart()
    {
        await using var hub = await FakeHub.StartAsync(Model);

        var result = await PullAsync(hub, Entry(ModelSha256));

        Assert.Equal(Model, await File.ReadAllBytesAsync(Target));
        Assert.False(File.Exists(Part));
        Assert.Equal(Target, result.Path);
        Assert.True(result.IsHashVerified);
        Assert.Equal(ModelSha256, result.Sha256);
        Assert.Equal("the catalog", result.HashSource);
        Assert.Contains(result.Notes, n => n.Contains("GGUF v") && n.Contains("architecture llama"));
        Assert.Equal($"/{FakeHub.Repository}/resolve/main/{FakeHub.FileName}", Assert.Single(hub.Requests).Path);
    }

    [Fact]
    public async Task DownloadAsync_ConnectionDroppedMidBody_ResumesWithARangeRequestAndEndsWithTheRightFile()
    {
        var received = new Received(3000);
        await using var hub = await FakeHub.StartAsync(Model, n => new FakeHub.Behaviour { SendOnly = n == 0 ? 3000 : null, DropOnceReceived = received.Task });

        var result = await PullAsync(hub, Entry(ModelSha256), progress: received);

        Assert.Equal(Model, await File.ReadAllBytesAsync(Target));
        Assert.Equal(["", "bytes=3000-"], hub.Requests.Select(r => r.Range));
        Assert.Equal(1, result.Retries);
        Assert.True(result.IsHashVerified);
    }

    [Fact]
    public async Task DownloadAsync_ServerIgnoresRange_StartsAgainFromByteZeroAndEndsWithTheRightFile()
    {
        await File.WriteAllBytesAsync(Part, Encoding.ASCII.GetBytes(new string('x', 5000)));
        await using var hub = await FakeHub.StartAsync(Model, _ => new FakeHub.Behaviour { IgnoreRange = true });

        var result = await PullAsync(hub, Entry(ModelSha256));

        Assert.Equal("bytes=5000-", Assert.Single(hub.Requests).Range);
        Assert.Equal(Model, await File.ReadAllBytesAsync(Target));
        Assert.Equal(ModelSha256, result.Sha256);
    }

    [Fact]
    public async Task DownloadAsync_PartLeftByAnEarlierPull_IsHashedThenCompletedWithARangeRequest()
    {
        await File.WriteAllBytesAsync(Part, Model[..10_000]);
        await using var hub = await FakeHub.StartAsync(Model);

        var result = await PullAsync(hub, Entry(ModelSha256));

        Assert.Equal("bytes=10000-", Assert.Single(hub.Requests).Range);
        Assert.Equal(10_000, result.ResumedFrom);
        Assert.True(result.IsHashVerified);
        Assert.Equal(Model, await File.ReadAllBytesAsync(Target));
    }

    [Fact]
    public async Task DownloadAsync_PartAlreadyComplete_HubAnswers416_FinishesWithoutDownloadingAgain()
    {
        await File.WriteAllBytesAsync(Part, Model);
        await using var hub = await FakeHub.StartAsync(Model);

        var result = await PullAsync(hub, Entry(ModelSha256));

        Assert.Equal($"bytes={Model.Length}-", Assert.Single(hub.Requests).Range);
        Assert.True(result.IsHashVerified);
        Assert.Equal(Model, await File.ReadAllBytesAsync(Target));
    }

    [Fact]
    public async Task DownloadAsync_WrongPublishedHash_FailsNamingExpectedAndActualAndLeavesNoFile()
    {
        var wrong = new string('0', 64);
        await using var hub = await FakeHub.StartAsync(Model);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry(wrong)));

        Assert.Equal(ModelDownloadFailure.HashMismatch, error.Failure);
        Assert.Contains($"expected {wrong}", error.Message);
        Assert.Contains($"actual {ModelSha256}", error.Message);
        Assert.Contains("was deleted", error.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task DownloadAsync_HubAnnouncesAHashOtherThanTheCatalogs_FailsBeforeDownloadingTheBody()
    {
        await using var hub = await FakeHub.StartAsync(Model, _ => new FakeHub.Behaviour { AnnouncedSha256 = new string('a', 64) });

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry(ModelSha256)));

        Assert.Equal(ModelDownloadFailure.HashMismatch, error.Failure);
        Assert.Contains("revision", error.Message);
        Assert.DoesNotContain(hub.Requests, r => r.Path.StartsWith("/cdn/"));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task DownloadAsync_NoCatalogHash_IsVerifiedAgainstTheHashTheHubAnnouncesAndFollowsItsRedirect()
    {
        await using var hub = await FakeHub.StartAsync(Model, _ => new FakeHub.Behaviour { AnnouncedSha256 = ModelSha256.ToUpperInvariant() });

        var result = await PullAsync(hub, Entry());

        Assert.True(result.IsHashVerified);
        Assert.Contains("X-Linked-Etag", result.HashSource);
        Assert.Equal(["/" + FakeHub.Repository + "/resolve/main/" + FakeHub.FileName, "/cdn/" + FakeHub.FileName], hub.Requests.Select(r => r.Path));
        Assert.Equal(Model, await File.ReadAllBytesAsync(Target));
    }

    [Fact]
    public async Task DownloadAsync_HubAnnouncesAWrongHash_FailsAndLeavesNoFile()
    {
        await using var hub = await FakeHub.StartAsync(Model, _ => new FakeHub.Behaviour { AnnouncedSha256 = new string('b', 64) });

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry()));

        Assert.Equal(ModelDownloadFailure.HashMismatch, error.Failure);
        Assert.Contains($"expected {new string('b', 64)} (the hub (X-Linked-Etag))", error.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task DownloadAsync_NoPublishedHashAnywhere_KeepsTheFileAndSaysItsComputedHashIsUnverified()
    {
        await using var hub = await FakeHub.StartAsync(Model);

        var result = await PullAsync(hub, Entry());

        Assert.False(result.IsHashVerified);
        Assert.Null(result.HashSource);
        Assert.Equal(ModelSha256, result.Sha256);
        Assert.Contains(result.Notes, n => n.Contains($"computed {ModelSha256}") && n.Contains("could not be verified"));
        Assert.True(File.Exists(Target));
    }

    [Fact]
    public async Task DownloadAsync_Unauthorized_NamesHfTokenAndTheLicencePage()
    {
        await using var hub = await FakeHub.StartAsync(Model, _ => new FakeHub.Behaviour { Status = 401 });

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry()));

        Assert.Equal(ModelDownloadFailure.Refused, error.Failure);
        Assert.Contains("HF_TOKEN is not set", error.Message);
        Assert.Contains($"accept its licence on {FakeHub.Source}", error.Message);
        Assert.Single(hub.Requests);
    }

    [Fact]
    public async Task DownloadAsync_WithAToken_SendsItAsABearerToken()
    {
        await using var hub = await FakeHub.StartAsync(Model);

        await PullAsync(hub, Entry(), Options(hub) with { Token = "hf_test_token" });

        Assert.Equal("Bearer hf_test_token", Assert.Single(hub.Requests).Authorization);
    }

    [Fact]
    public async Task DownloadAsync_TokenRefused_SaysTheTokenWasNotAccepted()
    {
        await using var hub = await FakeHub.StartAsync(Model, _ => new FakeHub.Behaviour { Status = 403 });

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry(), Options(hub) with { Token = "hf_bad" }));

        Assert.Contains("the token in HF_TOKEN was not accepted", error.Message);
    }

    [Fact]
    public async Task DownloadAsync_FileMissingOnTheHub_NamesTheFileAndTheRepositoryPage()
    {
        await using var hub = await FakeHub.StartAsync(Model, _ => new FakeHub.Behaviour { Status = 404 });

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry()));

        Assert.Equal(ModelDownloadFailure.NotFound, error.Failure);
        Assert.Contains(FakeHub.FileName, error.Message);
        Assert.Contains($"{FakeHub.Source}/tree/main", error.Message);
    }

    [Fact]
    public async Task DownloadAsync_NotAGgufFile_FailsAndDeletesThePart()
    {
        await using var hub = await FakeHub.StartAsync(Encoding.UTF8.GetBytes("<html>Sign in to continue</html>" + new string(' ', 64)));

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry()));

        Assert.Equal(ModelDownloadFailure.InvalidModel, error.Failure);
        Assert.Contains("GGUF", error.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task DownloadAsync_WrongArchitecture_FailsNamingItAndDeletesThePart()
    {
        await using var hub = await FakeHub.StartAsync(Model);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry() with { Architecture = "qwen3" }));

        Assert.Equal(ModelDownloadFailure.InvalidModel, error.Failure);
        Assert.Contains("architecture is 'llama'", error.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task DownloadAsync_NotEnoughDiskSpace_FailsBeforeWritingAnything()
    {
        await using var hub = await FakeHub.StartAsync(Model);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry(), Options(hub) with { FreeSpace = _ => 1000 }));

        Assert.Equal(ModelDownloadFailure.DiskSpace, error.Failure);
        Assert.Contains($"needs {Model.Length:N0} bytes more", error.Message);
        Assert.Contains("has 1,000 bytes free", error.Message);
        Assert.Contains("--dir", error.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task DownloadAsync_ConnectionKeepsDropping_GivesUpAfterMaxAttemptsKeepingTheBytesReceived()
    {
        var received = new Received(2000);
        await using var hub = await FakeHub.StartAsync(Model, n => new FakeHub.Behaviour { SendOnly = n == 0 ? 2000 : 0, DropOnceReceived = n == 0 ? received.Task : null });

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => PullAsync(hub, Entry(), progress: received));

        Assert.Equal(ModelDownloadFailure.Network, error.Failure);
        Assert.Contains("3 times in a row", error.Message);
        Assert.Contains("2,000 bytes received are kept", error.Message);
        Assert.Contains("again to resume", error.Message);
        Assert.Equal(["", "bytes=2000-", "bytes=2000-"], hub.Requests.Select(r => r.Range));
        Assert.Equal(2000, new FileInfo(Part).Length);
        Assert.False(File.Exists(Target));
    }

    [Fact]
    public async Task DownloadAsync_HubGoesSilentMidBody_CountsAsADroppedConnectionAndResumes()
    {
        await using var hub = await FakeHub.StartAsync(Model, n => new FakeHub.Behaviour { SendOnly = n == 0 ? 3000 : null, ThenStall = true });

        var result = await PullAsync(hub, Entry(ModelSha256), Options(hub) with { StallTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(["", "bytes=3000-"], hub.Requests.Select(r => r.Range));
        Assert.Equal(1, result.Retries);
        Assert.Equal(Model, await File.ReadAllBytesAsync(Target));
    }

    [Fact]
    public async Task DownloadAsync_Cancelled_KeepsThePartForTheNextPull()
    {
        await using var hub = await FakeHub.StartAsync(Model, _ => new FakeHub.Behaviour { SendOnly = 3000, ThenStall = true });
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            PullAsync(hub, Entry(), progress: new CancelOnFirstReport(cancel), cancellationToken: cancel.Token));

        Assert.Equal(3000, new FileInfo(Part).Length);
        Assert.False(File.Exists(Target));
    }

    [Fact]
    public void Options_EndpointNotHttp_IsRejected() =>
        Assert.Contains("not an http(s) URL", Assert.Throws<ArgumentException>(() => new ModelDownloadOptions { Endpoint = new Uri("ftp://hub.example") }).Message);

    [Fact]
    public void Options_FromEnvironment_ReadsTheEndpointAndTheToken()
    {
        var variables = new Dictionary<string, string> { ["M1P_HF_ENDPOINT"] = "http://127.0.0.1:9/hf", ["HF_TOKEN"] = "hf_abc" };

        var options = ModelDownloadOptions.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal("http://127.0.0.1:9/hf/", options.Endpoint.AbsoluteUri);
        Assert.Equal("hf_abc", options.Token);
        Assert.Equal(ModelDownloadOptions.DefaultEndpoint, ModelDownloadOptions.FromEnvironment(_ => null).Endpoint);
    }

    [Fact]
    public void UrlOf_EntryWithARevisionUnderAnEndpointPath_IsTheHubsResolveUrl()
    {
        using var downloader = new ModelDownloader(new ModelDownloadOptions { Endpoint = new Uri("http://mirror.example/hf") });

        var url = downloader.UrlOf(Entry() with { Revision = "v1.0" });

        Assert.Equal($"http://mirror.example/hf/{FakeHub.Repository}/resolve/v1.0/{FakeHub.FileName}", url.AbsoluteUri);
    }

    /// <summary>Completes once the download has written at least <paramref name="bytes"/> bytes of the model.</summary>
    private sealed class Received(long bytes) : IProgress<double>
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        public void Report(double value)
        {
            if (value * Model.Length >= bytes - 0.5)
            {
                _done.TrySetResult();
            }
        }
    }

    /// <summary>Cancels as soon as the first bytes arrive (reported synchronously, on the downloading thread).</summary>
    private sealed class CancelOnFirstReport(CancellationTokenSource cancel) : IProgress<double>
    {
        public void Report(double value) => cancel.Cancel();
    }
}
