using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using M1Parallel.Aggregation;
using M1Parallel.Experiments.Methods;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Routing;
using M1Parallel.Scoring;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Experiments.Reaggregation;

/// <summary>
/// Aggregates a stored method's team answers again with another aggregator or backend, without running any team, and
/// stores the result as a derived method beside the others: each parallel run on its own, or k sequential single-team
/// runs of a task together (the paper's Figure 8). The derived method's configuration is recorded like any method's,
/// with <c>derived.from</c> naming its source. Running it again stores only what is missing (and retries errors).
/// </summary>
/// <remarks>
/// A derived run's latency is the source's time to its decision (a parallel run's <c>decided</c> event; the sum of the
/// sequential runs) plus the new aggregator's; its tokens and cost are the source runs' as stored plus the new
/// aggregator's (so a parallel source that had an LLM aggregator still counts that aggregator's tokens).
/// </remarks>
public sealed class Reaggregator
{
    private readonly ResultsStore _store;
    private readonly IBackendClientProvider _backends;
    private readonly LlmAggregatorOptions _llmOptions;
    private readonly TimeProvider _time;

    /// <summary>Creates a re-aggregator over <paramref name="store"/>; <paramref name="backends"/> serves the LLM aggregator's backend.</summary>
    public Reaggregator(ResultsStore store, IBackendClientProvider backends, LlmAggregatorOptions llmOptions, TimeProvider timeProvider)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _backends = backends ?? throw new ArgumentNullException(nameof(backends));
        _llmOptions = llmOptions ?? throw new ArgumentNullException(nameof(llmOptions));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The derived method's settings as <paramref name="spec"/> would run them, and the backend of its LLM aggregator (null for the others).</summary>
    /// <exception cref="ReaggregationException">The request does not fit the spec.</exception>
    public static (MethodSpec Derived, MethodSpec Source, string? Backend) Plan(ExperimentSpec spec, ReaggregationRequest request)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(request);
        var source = spec.Methods.FirstOrDefault(m => m.Name == request.Method)
            ?? throw new ReaggregationException($"method '{request.Method}' is not in experiment {spec.Name}; name one of {string.Join(", ", spec.Methods.Select(m => m.Name))}.");
        if (request.Backend is not null && request.Aggregator != AggregatorKind.Llm)
        {
            throw new ReaggregationException($"--backend chooses the LLM aggregator's model; the {ExperimentSpecLoader.Snake(request.Aggregator)} aggregator uses none. Drop --backend or use --aggregator llm.");
        }

        var backend = request.Aggregator == AggregatorKind.Llm ? request.Backend ?? source.Routes.BackendFor(TeamRole.Aggregator) : null;
        if (backend is not null && !spec.Backends.ContainsKey(backend))
        {
            throw new ReaggregationException($"backend '{backend}' is not defined in {spec.SourcePath}; name one of {string.Join(", ", spec.Backends.Keys)}.");
        }

        var sequential = source.Settings.Kind == MethodKind.Single;
        if (!sequential && request.K is not null)
        {
            throw new ReaggregationException($"--k groups sequential single-team runs; method '{source.Name}' runs {source.Settings.Teams} teams at once, and each of its runs is aggregated on its own. Drop --k.");
        }

        var k = sequential ? request.K ?? spec.Repetitions : source.Settings.Kind == MethodKind.EarlyStop ? 1 : source.Settings.K ?? source.Settings.Teams;
        if (sequential && k < 2)
        {
            throw new ReaggregationException($"aggregating single-team runs needs at least 2 runs per task (--k {k}; the spec has {spec.Repetitions} repetition(s)). Give --k 2 or more, with enough stored repetitions.");
        }

        var name = request.DerivedName ?? $"{source.Name}+{ExperimentSpecLoader.Snake(request.Aggregator)}{(backend is null ? "" : "@" + backend)}";
        if (spec.Methods.Any(m => m.Name == name))
        {
            throw new ReaggregationException($"'{name}' is a method the spec runs; give the derived method another name with --name.");
        }

        var routes = new Dictionary<TeamRole, string>(source.Routes.Routes);
        if (backend is not null)
        {
            routes[TeamRole.Aggregator] = backend;
        }

        var settings = new MethodSettings(MethodKind.Aggregate, sequential ? k : source.Settings.Teams, k, request.Aggregator)
        {
            Planning = source.Settings.Planning,
            Replans = source.Settings.Replans,
            Team = source.Settings.Team,
        };
        var derived = source with { Name = name, Settings = settings, Routes = new RoleRoutes(source.Routes.Backend, routes) };
        return (derived, source, backend);
    }

    /// <summary>The derived method's configuration: <see cref="MethodConfiguration"/> of its settings, plus where its teams' answers came from.</summary>
    public static string Describe(ExperimentSpec spec, MethodSpec derived, MethodSpec source)
    {
        var values = new SortedDictionary<string, string>(MethodConfiguration.Read(MethodConfiguration.Describe(spec, derived))!.ToDictionary(), StringComparer.Ordinal)
        {
            ["derived.from"] = source.Name,
            ["derived.runs"] = source.Settings.Kind == MethodKind.Single
                ? $"{derived.Settings.Teams} sequential single-team runs per aggregated run"
                : "each stored run's answered teams",
        };
        return JsonSerializer.Serialize(values);
    }

    /// <summary>Aggregates the stored runs of <paramref name="request"/>'s method again and stores the derived runs not yet stored.</summary>
    /// <exception cref="ReaggregationException">The request cannot be done as asked; nothing was stored.</exception>
    /// <exception cref="MethodRunnerUnavailableException">The LLM aggregator's backend cannot be served.</exception>
    public async Task<ReaggregationSummary> RunAsync(ExperimentSpec spec, IReadOnlyList<TaskItem> tasks, ReaggregationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var (derived, source, backend) = Plan(spec, request);
        var config = Describe(spec, derived, source);
        var configs = await _store.GetMethodConfigsAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        if (configs.TryGetValue(source.Name, out var sourceConfig)
            && MethodConfiguration.Differences(sourceConfig, MethodConfiguration.Describe(spec, source)) is { Count: > 0 } sourceChanges)
        {
            throw new ReaggregationException(
                $"the stored runs of '{source.Name}' were made with other settings than {spec.SourcePath} now gives ({string.Join("; ", sourceChanges)}); " +
                "restore the spec as it was when they ran, so the derived method is recorded truly.");
        }

        if (configs.TryGetValue(derived.Name, out var existing) && MethodConfiguration.Differences(existing, config) is { Count: > 0 } changes)
        {
            throw new ReaggregationException(
                $"method '{derived.Name}' is already stored with other settings ({string.Join("; ", changes)}); give this one another name with --name.");
        }

        var runs = (await _store.ReadAsync(spec.Name, cancellationToken).ConfigureAwait(false)).Where(r => r.Method == source.Name).ToList();
        if (runs.Count == 0)
        {
            throw new ReaggregationException($"the store {_store.Path} holds no runs of method '{source.Name}' in experiment {spec.Name}; run 'm1p experiment {spec.SourcePath}' first.");
        }

        var skipped = new List<string>();
        var groups = SourceGroup.Of(runs, tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal), source.Settings.Kind == MethodKind.Single ? derived.Settings.Teams : null, skipped);
        var finished = await _store.GetFinishedKeysAsync(spec.Name, retryErrors: true, cancellationToken).ConfigureAwait(false);
        var pending = groups.Where(g => !finished.Contains(Key(spec, derived, g))).ToList();
        var messages = await _store.ReadTeamMessagesAsync(spec.Name, source.Name, cancellationToken).ConfigureAwait(false);
        if (request.Aggregator == AggregatorKind.Llm)
        {
            var without = pending.SelectMany(g => g.Runs).Where(r => AnsweredTeams(r).Any(t => MessagesOf(messages, r, t.Team) is null)).ToList();
            if (without.Count > 0)
            {
                throw new ReaggregationException(
                    $"{without.Count} stored run(s) of '{source.Name}' have answered teams without their messages (stored before the store kept them, e.g. {without[0].Key}); " +
                    "the LLM aggregator reads the teams' messages. Run that method again into a new store, or aggregate with majority or best_of_k.");
            }
        }

        await _store.SetMethodConfigsAsync(spec.Name, new Dictionary<string, string> { [derived.Name] = config }, cancellationToken).ConfigureAwait(false);
        var client = backend is null ? null : _backends.GetClient(backend);
        int stored = 0, errors = 0;
        foreach (var group in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = await AggregateAsync(spec, derived, source, backend, client, group, messages, cancellationToken).ConfigureAwait(false);
            await _store.SaveAsync(record, CancellationToken.None).ConfigureAwait(false);
            stored++;
            errors += record.Outcome == RunOutcome.Error ? 1 : 0;
        }

        var keys = groups.Select(g => Key(spec, derived, g)).ToHashSet();
        var solved = (await _store.ReadAsync(spec.Name, cancellationToken).ConfigureAwait(false)).Count(r => r.Solved && keys.Contains(r.Key));
        return new ReaggregationSummary(derived.Name, groups.Count, stored, groups.Count - pending.Count, solved, errors, skipped);
    }

    private async Task<RunRecord> AggregateAsync(
        ExperimentSpec spec,
        MethodSpec derived,
        MethodSpec source,
        string? backend,
        IChatClient? client,
        SourceGroup group,
        IReadOnlyDictionary<RunKey, IReadOnlyDictionary<int, IReadOnlyList<TeamMessage>>> messages,
        CancellationToken cancellationToken)
    {
        var sequential = source.Settings.Kind == MethodKind.Single;
        var teams = new List<TeamSummary>();
        var answers = new List<TeamAnswer>();
        var elapsed = 0.0;
        foreach (var (run, position) in group.Runs.Select((r, i) => (r, i)))
        {
            foreach (var team in run.Teams)
            {
                var index = sequential ? position : team.Team;
                var kept = MessagesOf(messages, run, team.Team);
                teams.Add(team with { Team = index, LatencySeconds = elapsed + team.LatencySeconds, Messages = kept });
                if (team.Status == "answered" && team.Answer is not null)
                {
                    answers.Add(new TeamAnswer(index, 0, team.Answer, run.StartedAt.AddSeconds(team.LatencySeconds))
                    {
                        Messages = kept ?? [],
                        StopReason = team.StopReason ?? "final answer",
                    });
                }
            }

            elapsed += sequential ? run.LatencySeconds : DecidedSeconds(run);
        }

        var usage = new UsageTimeline();
        var startedAt = _time.GetUtcNow();
        var start = _time.GetTimestamp();
        string? reply = null;
        string? error = null;
        string rationale = "no team answered";
        if (answers.Count > 0)
        {
            try
            {
                var aggregator = Aggregator(derived.Settings.Aggregator!.Value, group.Task, client is null ? null : new UsageMeteringChatClient(client, usage, _time));
                var result = await aggregator.AggregateAsync(group.Task.Question, answers, cancellationToken).ConfigureAwait(false);
                reply = result.Answer;
                rationale = $"{result.Method}: {result.Answer}";
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        var aggregation = _time.GetElapsedTime(start).TotalSeconds;
        var latency = elapsed + aggregation;
        var (answer, solved) = ReplyScorer.Score(reply, group.Task.FinalAnswer);
        var used = usage.Total;
        var cost = group.Runs.Sum(r => r.CostUsd) + (backend is null ? 0 : spec.Backends[backend].CostUsd(used.InputTokens, used.OutputTokens));
        var outcome = error is not null ? RunOutcome.Error
            : group.Runs.Any(r => r.Outcome == RunOutcome.TimedOut) && answers.Count == 0 ? RunOutcome.TimedOut
            : RunOutcome.Completed;
        return new RunRecord(
            spec.Name,
            group.Task.TaskId,
            derived.Name,
            group.Repetition,
            group.Task.Level,
            answer,
            solved,
            latency,
            group.Runs.Sum(r => r.PromptTokens) + used.InputTokens,
            group.Runs.Sum(r => r.CompletionTokens) + used.OutputTokens,
            cost,
            teams,
            EventsJson(group, sequential, elapsed, latency, error ?? $"{rationale} (aggregated again from {source.Name})"),
            startedAt,
            _time.GetUtcNow(),
            outcome,
            error);
    }

    private IAggregator Aggregator(AggregatorKind kind, TaskItem task, IChatClient? client) => kind switch
    {
        AggregatorKind.Llm => new LlmAggregator(client!, _llmOptions),
        AggregatorKind.BestOfK => new BestOfKOracleAggregator(task.FinalAnswer),
        _ => new MajorityAggregator(),
    };

    private static IEnumerable<TeamSummary> AnsweredTeams(RunRecord run) => run.Teams.Where(t => t.Status == "answered" && t.Answer is not null);

    private static IReadOnlyList<TeamMessage>? MessagesOf(IReadOnlyDictionary<RunKey, IReadOnlyDictionary<int, IReadOnlyList<TeamMessage>>> messages, RunRecord run, int team) =>
        messages.TryGetValue(run.Key, out var teams) && teams.TryGetValue(team, out var kept) ? kept : null;

    private static RunKey Key(ExperimentSpec spec, MethodSpec derived, SourceGroup group) => new(spec.Name, group.Task.TaskId, derived.Name, group.Repetition);

    /// <summary>When a parallel run had its answers: its <c>decided</c> event, else its whole latency.</summary>
    private static double DecidedSeconds(RunRecord run)
    {
        foreach (var e in ParseEvents(run.EventsJson))
        {
            if (e?["kind"]?.GetValue<string>() == "decided" && e["offset_seconds"] is { } offset)
            {
                return offset.GetValue<double>();
            }
        }

        return run.LatencySeconds;
    }

    /// <summary>A parallel source's events up to its decision, then the new aggregation and the end.</summary>
    private static string EventsJson(SourceGroup group, bool sequential, double decided, double latency, string message)
    {
        var events = new JsonArray();
        if (!sequential)
        {
            foreach (var e in ParseEvents(group.Runs[0].EventsJson))
            {
                if (e?["kind"]?.GetValue<string>() is not ("aggregated" or "finished"))
                {
                    events.Add(e?.DeepClone());
                }
            }
        }

        events.Add(Event(latency, "aggregated", message));
        events.Add(Event(latency, "finished", $"aggregated again after {decided.ToString("0.###", CultureInfo.InvariantCulture)} s of team work"));
        return events.ToJsonString();
    }

    private static JsonObject Event(double offset, string kind, string message) => new()
    {
        ["offset_seconds"] = Math.Round(offset, 3),
        ["kind"] = kind,
        ["team"] = null,
        ["attempt"] = null,
        ["message"] = message,
    };

    private static JsonArray ParseEvents(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonArray ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
