using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Chat;
using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Hosted;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Routing;
using Microsoft.Extensions.AI;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// The running backends of one command: every local model file loaded once, one <see cref="InferenceScheduler"/> per
/// local backend (shared by every team, planner and aggregator that uses it, so their calls are batched together), and
/// a client per hosted endpoint. Disposing stops the schedulers and frees the models.
/// </summary>
internal sealed class BackendHost : IBackendClientProvider, IAsyncDisposable
{
    private readonly Dictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InferenceScheduler> _schedulers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LlamaModel> _models = new(StringComparer.Ordinal);
    private readonly List<IChatClient> _owned = [];
    private int _disposed;

    private BackendHost()
    {
    }

    /// <summary>The names of the backends served.</summary>
    public IReadOnlyCollection<string> Names => _clients.Keys;

    /// <summary>How many model files were loaded (each once, however many backends share it).</summary>
    public int LoadedModelCount => _models.Count;

    /// <summary>Starts <paramref name="backends"/> after writing the memory plan of each local one to the log; on any
    /// failure what was started is stopped again.</summary>
    /// <exception cref="BackendStartException">A backend could not be started, or the local ones do not fit in memory;
    /// the message names the backend and the fix.</exception>
    public static BackendHost Open(IEnumerable<BackendSpec> backends, BackendHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backends);
        options ??= new BackendHostOptions();
        var all = backends.ToList();
        var plans = BackendMemoryPlans.For(all, options);
        if (options.Log is { } log)
        {
            BackendMemoryPlans.Write(plans, log);
        }

        if (BackendMemoryPlans.Refusal(plans) is { } refusal)
        {
            throw new BackendStartException(refusal);
        }

        var host = new BackendHost();
        try
        {
            foreach (var backend in all)
            {
                var client = backend.Kind == BackendKind.Local ? host.StartLocal(backend, options) : StartHosted(backend, options);
                host._owned.Add(client);
                host._clients[backend.Name] = backend.MaxOutputTokens is { } cap ? client.AsBuilder().UseReplyCap(cap).Build() : client;
            }
        }
        catch
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return host;
    }

    /// <inheritdoc />
    public IChatClient GetClient(string backendName)
    {
        ArgumentNullException.ThrowIfNull(backendName);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _clients.TryGetValue(backendName, out var client)
            ? client
            : throw new MethodRunnerUnavailableException(
                $"backend '{backendName}' is not running (running: {(_clients.Count == 0 ? "none" : string.Join(", ", _clients.Keys))}).");
    }

    /// <summary>The scheduler of a local backend, or null for a hosted one.</summary>
    public InferenceScheduler? SchedulerFor(string backendName) => _schedulers.GetValueOrDefault(backendName);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var scheduler in _schedulers.Values)
        {
            await scheduler.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var client in _owned.Where(c => c is not LocalChatClient))
        {
            client.Dispose();
        }

        foreach (var model in _models.Values)
        {
            model.Dispose();
        }
    }

    private IChatClient StartLocal(BackendSpec backend, BackendHostOptions options)
    {
        var local = backend.Local!.OnMachine(options.Machine);
        var path = ResolveModelPath(backend, options.CatalogSearchFolder, options.Environment);
        var gpuLayers = local.GpuLayerCount;
        if (!_models.TryGetValue(path, out var model))
        {
            options.Log?.WriteLine($"backend '{backend.Name}': loading {path}");
            try
            {
                model = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = gpuLayers });
            }
            catch (Exception e) when (e is FileNotFoundException or GgufFormatException or ModelLoadException)
            {
                throw new BackendStartException($"backend '{backend.Name}': {e.Message}", e);
            }

            _models[path] = model;
            options.Log?.WriteLine($"backend '{backend.Name}': {model.Description}, {model.ParameterCount:N0} parameters, context {model.ContextLength}");
            if (options.Log is { } log)
            {
                ModelLoading.WarnAboutGpu(log, gpuLayers);
            }
        }

        var needed = options.MinimumSequences.GetValueOrDefault(backend.Name, 1);
        var sequences = local.SequencesFor(needed);
        if (sequences < needed)
        {
            options.Log?.WriteLine(
                $"warning: backend '{backend.Name}' decodes {sequences} sequences but a method runs {needed} teams on it; the extra teams' calls wait their turn (raise sequences to {needed}).");
        }

        InferenceScheduler scheduler;
        try
        {
            scheduler = new InferenceScheduler(model, local.SchedulerOptions(sequences));
        }
        catch (InferenceException e)
        {
            throw new BackendStartException($"backend '{backend.Name}': {e.Message}", e);
        }

        _schedulers[backend.Name] = scheduler;
        options.Log?.WriteLine(
            $"backend '{backend.Name}': {local.Scheduler.ToString().ToLowerInvariant()} scheduler, {sequences} sequences, context {scheduler.ContextSize} tokens " +
            $"({scheduler.ContextSize / sequences} per sequence, KV cache {local.KvCacheType.Name()})");
        return new LocalChatClient(scheduler, new LocalChatClientOptions
        {
            ModelId = Path.GetFileNameWithoutExtension(path),
            MaxOutputTokens = options.MaxOutputTokens ?? new LocalChatClientOptions().MaxOutputTokens,
        });
    }

    private static IChatClient StartHosted(BackendSpec backend, BackendHostOptions options)
    {
        if (backend.BaseUrl is null)
        {
            throw new BackendStartException($"backend '{backend.Name}' is hosted but has no base URL; give its OpenAI-compatible endpoint, e.g. https://api.openai.com/v1.");
        }

        try
        {
            var client = HostedChatClient.Create(new HostedBackendOptions(backend.BaseUrl, backend.Model, backend.ApiKeyEnv), options.Environment);
            options.Log?.WriteLine($"backend '{backend.Name}': {backend.Model} at {backend.BaseUrl}");
            return client;
        }
        catch (Exception e) when (e is HostedBackendException or ArgumentException)
        {
            throw new BackendStartException($"backend '{backend.Name}': {e.Message}", e);
        }
    }

    /// <summary>The GGUF file of a local backend: its path, or the downloaded file of the catalog model it names.</summary>
    /// <exception cref="BackendStartException">The file does not exist, or the catalog model is unknown or not downloaded.</exception>
    internal static string ResolveModelPath(BackendSpec backend, string? catalogSearchFolder, Func<string, string?>? environment)
    {
        var model = backend.Model;
        if (model.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || File.Exists(model))
        {
            var full = Path.GetFullPath(model);
            return File.Exists(full)
                ? full
                : throw new BackendStartException(
                    $"backend '{backend.Name}': the model file '{full}' does not exist; download it (m1p models list shows where from) or fix the path.");
        }

        try
        {
            return ModelsFolder.FindDownloaded(model, CatalogSearchFolders(catalogSearchFolder), environment);
        }
        catch (Exception e) when (e is FileNotFoundException or KeyNotFoundException or InvalidDataException)
        {
            throw new BackendStartException($"backend '{backend.Name}': {e.Message}", e);
        }
    }

    /// <summary>Where a catalog model's name is looked up: the spec's folder (when there is one), then the working folder.</summary>
    internal static string[] CatalogSearchFolders(string? catalogSearchFolder) =>
        catalogSearchFolder is null ? [Environment.CurrentDirectory] : [catalogSearchFolder, Environment.CurrentDirectory];
}
