using M1Parallel.Inference.Chat;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Serving;
using Microsoft.Extensions.AI;

namespace M1Parallel.Serving.Tests;

/// <summary>A real model, scheduler and <see cref="LocalChatClient"/> behind an <see cref="OpenAiCompatibleServer"/> on a free loopback port.</summary>
public sealed class LocalModelServer : IAsyncDisposable
{
    private LocalModelServer(LlamaModel model, InferenceScheduler scheduler, IChatClient client, OpenAiCompatibleServer server)
    {
        Model = model;
        Scheduler = scheduler;
        Client = client;
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public LlamaModel Model { get; }

    public InferenceScheduler Scheduler { get; }

    public IChatClient Client { get; }

    public OpenAiCompatibleServer Server { get; }

    public HttpClient Http { get; }

    public string ModelId => Server.ModelId;

    public static async Task<LocalModelServer> StartAsync(string modelPath, InferenceSchedulerOptions? scheduling = null,
        OpenAiServerOptions? serving = null, Func<IChatClient, IChatClient>? wrap = null)
    {
        var model = LlamaModel.Load(modelPath, new LlamaModelOptions { GpuLayers = 0 });
        var scheduler = new InferenceScheduler(model, scheduling ?? new InferenceSchedulerOptions { ContextSize = 1024, MaxSequences = 2, Threads = 1 });
        IChatClient client = new LocalChatClient(scheduler);
        client = wrap?.Invoke(client) ?? client;
        var server = await OpenAiCompatibleServer.StartAsync(client, serving, scheduler);
        return new LocalModelServer(model, scheduler, client, server);
    }

    /// <summary>Waits (bounded) until no request is in flight and the scheduler has ended <paramref name="schedulerRequests"/> requests.</summary>
    public async Task WaitForQuietAsync(long schedulerRequests, TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(30));
        while (Server.Requests.InFlight > 0 || Scheduler.Metrics.Completed < schedulerRequests)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Sequences whose tracked tokens differ from what llama.cpp holds: a leak or a corruption of the KV bookkeeping.</summary>
    public async Task<IReadOnlyList<string>> CacheMismatchesAsync() =>
        (await Scheduler.InspectCacheAsync()).Select((c, i) => (c, i)).Where(x => x.c.Tracked != x.c.InCache)
            .Select(x => $"sequence {x.i}: tracked {x.c.Tracked}, in cache {x.c.InCache}").ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await Scheduler.DisposeAsync();
        Model.Dispose();
    }
}
