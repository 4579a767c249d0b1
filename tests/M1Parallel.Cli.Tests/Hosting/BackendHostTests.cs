using M1Parallel.Cli.Hosting;
using M1Parallel.Cli.Tests.TestSupport;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Scheduling;
using Microsoft.Extensions.AI;

namespace M1Parallel.Cli.Tests.Hosting;

public sealed class BackendHostTests
{
    private static BackendSpec Local(string name, string model, SchedulingPolicy policy = SchedulingPolicy.Batched, int? sequences = null, int? cap = null) =>
        new(name, BackendKind.Local, model, new LocalBackendSettings { Scheduler = policy, ContextTokens = 2048, Sequences = sequences }, null, null, 0, 0) { MaxOutputTokens = cap };

    private static BackendSpec Hosted(string name, string? keyVariable = null) =>
        new(name, BackendKind.Hosted, "gpt-4o", null, new Uri("http://127.0.0.1:9/v1"), keyVariable, 0, 0);

    [Fact]
    public async Task Open_TwoBackendsOnOneModelFile_LoadTheModelOnceWithOneSchedulerEach()
    {
        await using var host = BackendHost.Open(
        [
            Local("fast", TestModels.StoriesChatMl),
            Local("paper", TestModels.StoriesChatMl, SchedulingPolicy.Queued),
        ], new BackendHostOptions { MinimumSequences = new Dictionary<string, int> { ["fast"] = 3 } });

        Assert.Equal(1, host.LoadedModelCount);
        var fast = host.SchedulerFor("fast")!;
        var paper = host.SchedulerFor("paper")!;
        Assert.NotSame(fast, paper);
        Assert.Same(fast.Model, paper.Model);
        Assert.Equal(SchedulingPolicy.Batched, fast.Options.Policy);
        Assert.Equal(SchedulingPolicy.Queued, paper.Options.Policy);
        Assert.Equal(3, fast.Options.MaxSequences);
        Assert.Equal(1, paper.Options.MaxSequences);
        Assert.Same(fast, host.GetClient("fast").GetService<InferenceScheduler>());
    }

    [Fact]
    public async Task GetClient_WithAReplyCap_ShortensEveryReply()
    {
        await using var host = BackendHost.Open([Local("local", TestModels.StoriesChatMl, cap: 3)], new BackendHostOptions { Machine = new LocalBackendSettings { Threads = 1 } });

        var reply = await host.GetClient("local").GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 200, Temperature = 0 });

        Assert.Equal(3, reply.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Open_LocalBackend_WritesItsMemoryPlanBeforeLoading()
    {
        var log = new StringWriter();

        await using var host = BackendHost.Open([Local("local", TestModels.StoriesChatMl, sequences: 2)], new BackendHostOptions { Log = log, Machine = new LocalBackendSettings { Threads = 1 } });

        var text = log.ToString();
        Assert.Contains("memory plan of backend 'local' (stories260K-chatml.gguf, llama):", text);
        Assert.True(text.IndexOf("memory plan", StringComparison.Ordinal) < text.IndexOf("loading", StringComparison.Ordinal), text);
        Assert.Contains("2 sequences, context 2048 tokens (1024 per sequence, KV cache f16)", text);
    }

    [Fact]
    public void Open_TwoBackendsThatTogetherDoNotFit_FailsBeforeLoadingNamingTheBackendAndTheFix()
    {
        var log = new StringWriter();
        var plan = BackendMemoryPlans.Plan("one", TestModels.StoriesChatMl, new LocalBackendSettings { ContextTokens = 2048 }, 1, new BackendHostOptions());
        // Both share the weights; the room falls half a KV cache short of two KV caches and compute buffers.
        var room = plan.Plan.TotalBytes + plan.Plan.KvBytes + plan.Plan.ComputeBytes - (plan.Plan.KvBytes / 2);
        var options = new BackendHostOptions { Log = log, FreeMemory = _ => new MemoryDevice("test memory", room, IsGpu: false, "injected") };

        var error = Assert.Throws<BackendStartException>(() => BackendHost.Open([Local("one", TestModels.StoriesChatMl), Local("two", TestModels.StoriesChatMl)], options));

        Assert.Contains("does not fit in memory", error.Message);
        Assert.Contains("beside", error.Message);
        Assert.Contains("Fix: a smaller context", error.Message);
        Assert.DoesNotContain("loading", log.ToString());
    }

    [Fact]
    public void Open_MissingModelFile_FailsNamingTheBackendAndTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), "m1p-no-such-model.gguf");

        var error = Assert.Throws<BackendStartException>(() => BackendHost.Open([Local("local", missing)]));

        Assert.Contains("backend 'local'", error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Open_CatalogModelNotDownloaded_FailsSayingToRunModelsPull()
    {
        var folder = Directory.CreateTempSubdirectory("m1p-catalog-").FullName;
        try
        {
            WriteCatalog(folder, "stories260K-chatml.gguf");

            var error = Assert.Throws<BackendStartException>(() =>
                BackendHost.Open([Local("local", "tiny")], new BackendHostOptions { CatalogSearchFolder = folder, Environment = _ => null }));

            Assert.Contains("backend 'local'", error.Message);
            Assert.Contains("m1p models pull tiny", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Open_CatalogNameWithTheModelsFolderVariableSet_LoadsTheFileFromThatFolder()
    {
        var folder = Directory.CreateTempSubdirectory("m1p-catalog-").FullName;
        try
        {
            WriteCatalog(folder, "stories260K-chatml.gguf");
            var disk = Directory.CreateDirectory(Path.Combine(folder, "big-disk")).FullName;
            File.Copy(TestModels.StoriesChatMl, Path.Combine(disk, "stories260K-chatml.gguf"));

            await using var host = BackendHost.Open([Local("local", "tiny")],
                new BackendHostOptions { CatalogSearchFolder = folder, Environment = v => v == "M1P_MODELS_DIR" ? disk : null });

            Assert.Equal(Path.Combine(disk, "stories260K-chatml.gguf"), host.SchedulerFor("local")!.Model.Path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteCatalog(string folder, string file)
    {
        Directory.CreateDirectory(Path.Combine(folder, "models"));
        File.WriteAllText(Path.Combine(folder, "models", "catalog.json"),
            $$"""{ "models": [ { "name": "tiny", "source": "https://huggingface.co/test-org/Tiny-GGUF", "file": "{{file}}" } ] }""");
    }

    [Fact]
    public void Open_ApiKeyVariableNotSet_FailsNamingTheVariable()
    {
        var error = Assert.Throws<BackendStartException>(() =>
            BackendHost.Open([Hosted("gpt", "M1P_TEST_KEY")], new BackendHostOptions { Environment = _ => null }));

        Assert.Contains("backend 'gpt'", error.Message);
        Assert.Contains("M1P_TEST_KEY", error.Message);
    }

    [Fact]
    public async Task GetClient_UnknownBackend_ThrowsNamingTheRunningOnes()
    {
        await using var host = BackendHost.Open([Hosted("hosted")]);

        var error = Assert.Throws<MethodRunnerUnavailableException>(() => host.GetClient("local"));

        Assert.Contains("'local'", error.Message);
        Assert.Contains("hosted", error.Message);
    }

    [Fact]
    public async Task UseReplyCap_RequestsAskingForMoreOrNothingAreCapped_SmallerRequestsKeepTheirs()
    {
        var seen = new List<int?>();
        using var inner = new RecordingClient(seen);
        using var capped = inner.AsBuilder().UseReplyCap(64).Build();

        await capped.GetResponseAsync("a", new ChatOptions { MaxOutputTokens = 1000 });
        await capped.GetResponseAsync("b");
        await capped.GetResponseAsync("c", new ChatOptions { MaxOutputTokens = 10 });

        Assert.Equal([64, 64, 10], seen);
    }

    private sealed class RecordingClient(List<int?> seen) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            seen.Add(options?.MaxOutputTokens);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
