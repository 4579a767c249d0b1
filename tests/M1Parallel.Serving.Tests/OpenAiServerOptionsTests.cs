using M1Parallel.Serving;

namespace M1Parallel.Serving.Tests;

public sealed class OpenAiServerOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    public void Validate_LoopbackHostWithoutKey_Passes(string host)
    {
        var options = new OpenAiServerOptions { Host = host };

        options.Validate();

        Assert.True(options.IsLoopback);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.20")]
    [InlineData("::")]
    public void Validate_NonLoopbackHostWithoutKey_ThrowsNamingTheKeyOption(string host)
    {
        var e = Assert.Throws<ArgumentException>(() => new OpenAiServerOptions { Host = host }.Validate());

        Assert.Contains("API key", e.Message);
        Assert.Contains("--api-key-env", e.Message);
        Assert.Contains("127.0.0.1", e.Message);
    }

    [Fact]
    public void Validate_NonLoopbackHostWithKey_Passes()
    {
        var options = new OpenAiServerOptions { Host = "0.0.0.0", ApiKey = "s3cret" };

        options.Validate();

        Assert.False(options.IsLoopback);
    }

    [Fact]
    public async Task StartAsync_NonLoopbackHostWithoutKey_RefusesBeforeBinding()
    {
        var client = ScriptedChatClient.Replying();

        await Assert.ThrowsAsync<ArgumentException>(() => OpenAiCompatibleServer.StartAsync(client, new OpenAiServerOptions { Host = "0.0.0.0" }));
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsIOException()
    {
        await using var first = await OpenAiCompatibleServer.StartAsync(ScriptedChatClient.Replying());

        await Assert.ThrowsAnyAsync<IOException>(() => OpenAiCompatibleServer.StartAsync(ScriptedChatClient.Replying(),
            new OpenAiServerOptions { Port = first.BaseAddress.Port }));
    }

    [Theory]
    [InlineData("my-box.example")]
    [InlineData("")]
    public void Validate_HostNotAnIpAddress_ThrowsNamingTheHost(string host)
    {
        var e = Assert.Throws<ArgumentException>(() => new OpenAiServerOptions { Host = host }.Validate());

        Assert.Contains($"'{host}'", e.Message);
    }

    [Fact]
    public void Validate_BlankKey_Throws() =>
        Assert.Throws<ArgumentException>(() => new OpenAiServerOptions { ApiKey = " " }.Validate());

    [Fact]
    public void Validate_DefaultMaxTokensAboveTheLimit_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAiServerOptions { MaxTokens = 100, DefaultMaxTokens = 200 }.Validate());

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Validate_PortOutOfRange_Throws(int port) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAiServerOptions { Port = port }.Validate());

    [Fact]
    public void Validate_NoConcurrentRequests_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAiServerOptions { MaxConcurrentRequests = 0 }.Validate());

    [Fact]
    public void Defaults_QueueSixtyFourForTenSecondsAndGiveFiveSecondsOfGrace()
    {
        var options = new OpenAiServerOptions();

        options.Validate();

        Assert.Equal((64, 64, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)),
            (options.MaxConcurrentRequests, options.MaxQueuedRequests, options.QueueTimeout, options.ShutdownGracePeriod));
    }

    [Fact]
    public void Validate_NegativeQueueLength_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAiServerOptions { MaxQueuedRequests = -1 }.Validate());

        Assert.Equal(nameof(OpenAiServerOptions.MaxQueuedRequests), e.ParamName);
    }

    [Theory]
    [InlineData(nameof(OpenAiServerOptions.QueueTimeout), -1)]
    [InlineData(nameof(OpenAiServerOptions.QueueTimeout), 601)]
    [InlineData(nameof(OpenAiServerOptions.ShutdownGracePeriod), -1)]
    [InlineData(nameof(OpenAiServerOptions.ShutdownGracePeriod), 601)]
    public void Validate_WaitOutOfRange_ThrowsNamingIt(string option, int seconds)
    {
        var wait = TimeSpan.FromSeconds(seconds);
        var options = option == nameof(OpenAiServerOptions.QueueTimeout)
            ? new OpenAiServerOptions { QueueTimeout = wait }
            : new OpenAiServerOptions { ShutdownGracePeriod = wait };

        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(option, e.ParamName);
    }

    [Theory]
    [InlineData("Bearer s3cret", true)]
    [InlineData("bearer s3cret", true)]
    [InlineData("Bearer s3cre", false)]
    [InlineData("Bearer s3cret2", false)]
    [InlineData("s3cret", false)]
    [InlineData("Bearer ", false)]
    [InlineData(null, false)]
    public void ApiKeyCheck_PresentedKey_AuthorizesOnlyTheExactKey(string? header, bool authorized) =>
        Assert.Equal(authorized, new ApiKeyCheck("s3cret").IsAuthorized(header));
}
