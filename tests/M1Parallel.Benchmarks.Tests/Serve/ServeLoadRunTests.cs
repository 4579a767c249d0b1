using M1Parallel.Benchmarks.Serve;
using M1Parallel.Inference.Chat;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Benchmarks.Tests.Serve;

public sealed class ServeLoadRunTests
{
    [Fact]
    public async Task RunAsync_ClientsAtTheServersLimitWithDisconnects_NoneRefusedAndEveryCheckPasses()
    {
        using var model = LlamaModel.Load(TestPaths.StoriesChatMl, new LlamaModelOptions { GpuLayers = 0 });
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { ContextSize = 2048, MaxSequences = 4, Threads = 1 });
        using var client = new LocalChatClient(scheduler);
        var settings = new ServeLoadSettings(clients: 8, requests: 80, disconnectRate: 0.4, maxTokens: 16, seed: 3, TimeSpan.FromMinutes(4));

        var report = await new ServeLoadRun(settings, scheduler, client, TextWriter.Null).RunAsync(CancellationToken.None);

        Assert.True(report.Passed, report.Describe());
        Assert.Equal(8, report.ServerLimit);
        Assert.Equal(0, report.Server.Rejected);
        Assert.True(report.DisconnectsInjected > 0);
        Assert.Equal(80, report.Answered + report.Cancelled);
    }

    [Theory]
    [InlineData(0, 10, 0.1, 16, "--clients")]
    [InlineData(4, 0, 0.1, 16, "--requests")]
    [InlineData(4, 10, 1.5, 16, "--disconnect-rate")]
    [InlineData(4, 10, double.NaN, 16, "--disconnect-rate")]
    [InlineData(4, 10, 0.1, 7, "--max-tokens")]
    public void Settings_OutOfRange_ThrowNamingTheOption(int clients, int requests, double disconnectRate, int maxTokens, string option)
    {
        var e = Assert.Throws<ArgumentException>(() => new ServeLoadSettings(clients, requests, disconnectRate, maxTokens, 1, TimeSpan.FromSeconds(5)));

        Assert.Contains(option, e.Message);
    }
}
