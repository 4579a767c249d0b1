using System.Text.Json;
using M1Parallel.Aggregation;
using M1Parallel.Experiments.Estimation;
using M1Parallel.Experiments.OfflineSuite;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Planning;
using M1Parallel.Running;
using M1Parallel.Teams;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Experiments.Methods;

/// <summary>One experiment's method runner: plans, runs the teams in parallel, decides, and reports usage, cost and events.</summary>
internal sealed class TeamMethodRunner : IMethodRunner, IAsyncDisposable
{
    private readonly ExperimentSpec _spec;
    private readonly IBackendClientProvider _backends;
    private readonly TeamMethodOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _serverGate = new(1, 1);
    private OfflineSuiteServer? _server;
    private bool _disposed;

    public TeamMethodRunner(ExperimentSpec spec, IBackendClientProvider backends, TeamMethodOptions options, TimeProvider time)
    {
        _spec = spec;
        _backends = backends;
        _options = options;
        _time = time;
        WorkFolder = Path.GetFullPath(options.WorkFolder ?? Path.Combine(Path.GetDirectoryName(spec.StorePath)!, "work"));
    }

    /// <summary>The folder holding every run's team folders.</summary>
    public string WorkFolder { get; }

    /// <summary>The offline suite's website, once the first run has started it; null for other suites.</summary>
    public OfflineSuiteServer? Server => _server;

    /// <summary>Whether the suite is an offline suite with its own website (<c>site/</c> beside the metadata).</summary>
    public bool ServesOfflineSuite => Directory.Exists(Path.Combine(_spec.Suite.Path, "site"));

    public async Task<MethodRunResult> RunAsync(TaskItem task, MethodSpec method, int repetition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(method);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var server = await EnsureServerAsync(cancellationToken).ConfigureAwait(false);
        var meter = new RunMeter(_backends, _time);

        var runFolder = Path.Combine(WorkFolder, _spec.Name, Safe(task.TaskId), $"{Safe(method.Name)}-r{repetition}");
        if (Directory.Exists(runFolder))
        {
            Directory.Delete(runFolder, recursive: true); // A run cut short earlier left it; this run starts clean.
        }

        Directory.CreateDirectory(runFolder);
        var settings = method.Settings;
        var team = server is null ? settings.Team : settings.Team with
        {
            WebSurfer = settings.Team.WebSurfer with
            {
                SearchUrlTemplate = new Uri(server.BaseUrl, "search").AbsoluteUri + "?q={query}",
                StartPage = server.BaseUrl.AbsoluteUri,
            },
        };
        var teams = new MagenticOneTeamFactory(
            role => meter.TeamClient(method.Routes.BackendFor(role)), runFolder, team, task.FilePath, _time);
        var strategy = settings.Kind != MethodKind.Single ? settings.Planning : PlanningStrategy.Repeated;
        var planner = new ChatPlanner(
            meter.OverheadClient(method.Routes.BackendFor(TeamRole.Planner)),
            new ChatPlannerOptions(strategy, maxOutputTokens: _options.PlanMaxOutputTokens) { Seed = RunSeed(task, method, repetition) });
        var aggregator = settings.Aggregator is { } kind ? Aggregator(kind, method, task, meter) : null;
        var result = await new ParallelTeams(teams, planner, _time, aggregator).RunAsync(task.Question, settings, cancellationToken).ConfigureAwait(false);
        return ToMethodResult(result, meter);
    }

    // The spec's seed, varied per (task, method, repetition) with a stable hash, so every run is reproducible and runs differ.
    private long RunSeed(TaskItem task, MethodSpec method, int repetition)
    {
        var key = System.Text.Encoding.UTF8.GetBytes($"{_spec.Seed}|{task.TaskId}|{method.Name}|{repetition}");
        return (long)(BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(key), 0) & 0x7FFFFFFF);
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
    }

    private IAggregator Aggregator(AggregatorKind kind, MethodSpec method, TaskItem task, RunMeter meter) => kind switch
    {
        AggregatorKind.Llm => new LlmAggregator(
            meter.OverheadClient(method.Routes.BackendFor(TeamRole.Aggregator)),
            new LlmAggregatorOptions(maxOutputTokens: _options.AggregatorMaxOutputTokens)),
        AggregatorKind.BestOfK => new BestOfKOracleAggregator(task.FinalAnswer),
        _ => new MajorityAggregator(),
    };

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

    private MethodRunResult ToMethodResult(ParallelRunResult result, RunMeter meter)
    {
        var decided = result.DecidedAt;
        var tokens = result.TeamUsageAtDecision + meter.OverheadTotal;
        var cost = 0.0;
        foreach (var backend in meter.Backends)
        {
            if (_spec.Backends.TryGetValue(backend, out var spec))
            {
                var used = meter.TeamUsage(backend).UsedUntil(decided) + meter.OverheadUsage(backend).Total;
                cost += spec.CostUsd(used.InputTokens, used.OutputTokens);
            }
        }

        // The answer is known at the decision (early stop) or once the aggregator has spoken.
        var answeredAt = result.Events.LastOrDefault(e => e.Kind == global::M1Parallel.Events.RunEventKind.Aggregated)?.At ?? decided;
        var summaries = result.Teams.Select(team => Summary(team, result.StartedAt)).ToArray();
        return new MethodRunResult(
            result.Outcome == global::M1Parallel.Running.RunOutcome.Answered ? result.Answer : null,
            tokens.InputTokens,
            tokens.OutputTokens,
            cost,
            summaries,
            EventsJson(result),
            (answeredAt - result.StartedAt).TotalSeconds);
    }

    private static TeamSummary Summary(TeamReport team, DateTimeOffset start)
    {
        var points = new List<UsagePoint>();
        var sum = TokenUsage.Zero;
        foreach (var entry in team.Usage.Entries().OrderBy(e => e.At))
        {
            sum += entry.Tokens;
            points.Add(new UsagePoint(Math.Max(0, (entry.At - start).TotalSeconds), sum.InputTokens, sum.OutputTokens));
        }

        var total = team.Usage.Total;
        var status = team.State switch
        {
            TeamState.Answered => "answered",
            TeamState.Cancelled => "cancelled",
            _ => "failed",
        };
        return new TeamSummary(team.TeamIndex, status, team.Answer, Math.Max(0, (team.EndedAt - start).TotalSeconds), team.Steps,
            total.InputTokens, total.OutputTokens, points);
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

    /// <summary>Meters one run per backend: team calls (counted up to the decision) apart from planner and aggregator calls (counted whole).</summary>
    private sealed class RunMeter(IBackendClientProvider backends, TimeProvider time)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (UsageTimeline Teams, UsageTimeline Overhead, IChatClient Team, IChatClient Other)> _byBackend = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Backends
        {
            get
            {
                lock (_gate)
                {
                    return _byBackend.Keys.ToArray();
                }
            }
        }

        public TokenUsage OverheadTotal
        {
            get
            {
                lock (_gate)
                {
                    return _byBackend.Values.Aggregate(TokenUsage.Zero, (sum, b) => sum + b.Overhead.Total);
                }
            }
        }

        public IChatClient TeamClient(string backend) => For(backend).Team;

        public IChatClient OverheadClient(string backend) => For(backend).Other;

        public UsageTimeline TeamUsage(string backend) => For(backend).Teams;

        public UsageTimeline OverheadUsage(string backend) => For(backend).Overhead;

        private (UsageTimeline Teams, UsageTimeline Overhead, IChatClient Team, IChatClient Other) For(string backend)
        {
            lock (_gate)
            {
                if (!_byBackend.TryGetValue(backend, out var entry))
                {
                    var client = backends.GetClient(backend);
                    var teams = new UsageTimeline();
                    var overhead = new UsageTimeline();
                    entry = (teams, overhead, new UsageMeteringChatClient(client, teams, time), new UsageMeteringChatClient(client, overhead, time));
                    _byBackend[backend] = entry;
                }

                return entry;
            }
        }
    }
}
