using System.Text.Json;
using M1Parallel.Experiments.Estimation;
using M1Parallel.Experiments.OfflineSuite;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Methods;
using M1Parallel.Running;
using M1Parallel.Usage;

namespace M1Parallel.Experiments.Methods;

/// <summary>
/// An experiment's runs of the paper's method (<see cref="MethodRunner"/>): each in a fresh run folder, with the
/// experiment's seed, the offline suite's website for the WebSurfer, and the result priced at the spec's backend prices
/// and turned into what the results store keeps.
/// </summary>
internal sealed class ExperimentMethodRunner : IMethodRunner, IAsyncDisposable
{
    private readonly ExperimentSpec _spec;
    private readonly MethodRunner _methods;
    private readonly IAsyncDisposable? _backendsOwner;
    private readonly SemaphoreSlim _serverGate = new(1, 1);
    private OfflineSuiteServer? _server;
    private bool _disposed;

    public ExperimentMethodRunner(ExperimentSpec spec, MethodRunner methods, string? workFolder, IAsyncDisposable? backendsOwner)
    {
        _spec = spec;
        _methods = methods;
        _backendsOwner = backendsOwner;
        WorkFolder = Path.GetFullPath(workFolder ?? Path.Combine(Path.GetDirectoryName(spec.StorePath)!, "work"));
    }

    /// <summary>The folder holding every run's team folders.</summary>
    public string WorkFolder { get; }

    /// <summary>The offline suite's website, once the first run has started it; null for other suites.</summary>
    public OfflineSuiteServer? Server => _server;

    /// <summary>Whether the suite is an offline suite with its own website (<c>site/</c> beside the metadata).</summary>
    public bool ServesOfflineSuite => _spec.Suite.IsOffline;

    public async Task<MethodRunResult> RunAsync(TaskItem task, MethodSpec method, int repetition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(method);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var server = await EnsureServerAsync(cancellationToken).ConfigureAwait(false);
        var runFolder = Path.Combine(WorkFolder, _spec.Name, Safe(task.TaskId), $"{Safe(method.Name)}-r{repetition}");
        if (Directory.Exists(runFolder))
        {
            Directory.Delete(runFolder, recursive: true); // A run cut short earlier left it; this run starts clean.
        }

        Directory.CreateDirectory(runFolder);
        var settings = method.Settings;
        if (server is not null)
        {
            var web = settings.Team.WebSurfer with
            {
                SearchUrlTemplate = new Uri(server.BaseUrl, "search").AbsoluteUri + "?q={query}",
                StartPage = server.BaseUrl.AbsoluteUri,
            };
            settings = settings with { Team = settings.Team with { WebSurfer = web } };
        }

        var run = new MethodTask(task.Question, runFolder) { AttachedFile = task.FilePath, GroundTruth = task.FinalAnswer, Seed = RunSeed(task, method, repetition) };
        var result = await _methods.RunAsync(run, settings, method.Routes, cancellationToken).ConfigureAwait(false);
        return ToMethodResult(result);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _serverGate.Dispose();
        if (_backendsOwner is not null)
        {
            await _backendsOwner.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The spec's seed, varied per (task, method, repetition) with a stable hash, so every run is reproducible and runs differ.
    private long RunSeed(TaskItem task, MethodSpec method, int repetition)
    {
        var key = System.Text.Encoding.UTF8.GetBytes($"{_spec.Seed}|{task.TaskId}|{method.Name}|{repetition}");
        return (long)(BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(key), 0) & 0x7FFFFFFF);
    }

    private async Task<OfflineSuiteServer?> EnsureServerAsync(CancellationToken cancellationToken)
    {
        if (!ServesOfflineSuite)
        {
            return null;
        }

        await _serverGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _server ??= await OfflineSuiteServer.StartAsync(new OfflineSuiteServerOptions(_spec.Suite.Path), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _serverGate.Release();
        }
    }

    private MethodRunResult ToMethodResult(ParallelRunResult result)
    {
        var tokens = result.TeamUsageAtDecision + result.PlannerUsage.Total + result.AggregatorUsage.Total;
        var cost = 0.0;
        foreach (var (backend, used) in result.UsageByBackend())
        {
            if (_spec.Backends.TryGetValue(backend, out var spec))
            {
                cost += spec.CostUsd(used.InputTokens, used.OutputTokens);
            }
        }

        // The answer is known at the decision (early stop) or once the aggregator has spoken.
        var answeredAt = result.Events.LastOrDefault(e => e.Kind == global::M1Parallel.Events.RunEventKind.Aggregated)?.At ?? result.DecidedAt;
        var summaries = result.Teams.Select(team => Summary(team, result.StartedAt)).ToArray();
        return new MethodRunResult(
            result.Answer,
            tokens.InputTokens,
            tokens.OutputTokens,
            cost,
            summaries,
            EventsJson(result),
            (answeredAt - result.StartedAt).TotalSeconds,
            new RunTokens(Count(result.TeamUsageAtDecision), Count(result.PlannerUsage.Total), Count(result.AggregatorUsage.Total)));
    }

    private static TokenCount Count(TokenUsage usage) => new(usage.InputTokens, usage.OutputTokens);

    private static TeamSummary Summary(TeamReport team, DateTimeOffset start)
    {
        var points = new List<UsagePoint>();
        var sum = TokenUsage.Zero;
        foreach (var entry in team.Usage.Entries().OrderBy(e => e.At))
        {
            sum += entry.Tokens;
            points.Add(new UsagePoint(Math.Max(0, (entry.At - start).TotalSeconds), sum.InputTokens, sum.OutputTokens,
                entry.CallStartedAt is { } sent ? Math.Max(0, (sent - start).TotalSeconds) : null));
        }

        var total = team.Usage.Total;
        var status = team.State switch
        {
            TeamState.Answered => "answered",
            TeamState.Cancelled => "cancelled",
            _ => "failed",
        };
        return new TeamSummary(team.TeamIndex, status, team.Answer, Math.Max(0, (team.EndedAt - start).TotalSeconds), team.Last?.Steps ?? 0,
            total.InputTokens, total.OutputTokens, points, team.StopReason, team.Messages);
    }

    private static string EventsJson(ParallelRunResult result) => JsonSerializer.Serialize(
        result.Events.Select(e => new StoredEvent(
            Math.Round((e.At - result.StartedAt).TotalSeconds, 3),
            ExperimentSpecLoader.Snake(e.Kind),
            e.TeamIndex,
            e.Attempt,
            e.Message)),
        StoreJson.Options);

    private static string Safe(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c).ToArray());
        return safe.Length == 0 || safe is "." or ".." ? "_" : safe;
    }

    private sealed record StoredEvent(double OffsetSeconds, string Kind, int? Team, int? Attempt, string Message);
}
