using M1Parallel.Aggregation;
using M1Parallel.MagenticOne.Agents.Terminal;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Planning;
using M1Parallel.Routing;
using M1Parallel.Running;
using M1Parallel.Telemetry;
using M1Parallel.Teams;
using M1Parallel.Usage;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Methods;

/// <summary>
/// The paper's method composed in one place, for <c>m1p run</c> and <c>m1p experiment</c> alike: from
/// <see cref="MethodSettings"/> and <see cref="RoleRoutes"/> it makes the planner (repeated or diverse), the aggregator
/// (majority, LLM or best-of-k), the Magentic-One teams and their failure memory, sends every role's calls to its
/// backend through <see cref="RoleClients"/> (each call metered once, traced and logged) and runs them as <see cref="ParallelTeams"/>.
/// </summary>
public sealed class MethodRunner
{
    private readonly IBackendClientProvider _backends;
    private readonly TimeProvider _time;

    /// <summary>Creates a runner over the clients of the named backends; every model call is a span of
    /// <see cref="ModelCallTelemetry.SourceName"/> and is logged onto <paramref name="loggerFactory"/> (none when null).</summary>
    public MethodRunner(IBackendClientProvider backends, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _backends = new InstrumentedBackends(backends, loggerFactory);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Starts one run of <paramref name="settings"/> on <paramref name="task"/> with each role's calls going
    /// where <paramref name="routes"/> say, and returns at once with its live events and its pending result (whose
    /// <see cref="ParallelRunResult.PlannerUsage"/> and <see cref="ParallelRunResult.AggregatorUsage"/> hold the planner's and aggregator's tokens).</summary>
    /// <exception cref="ArgumentException">Best-of-k without the task's ground truth, or a backend that cannot be served.</exception>
    public ParallelRun Start(MethodTask task, MethodSettings settings, RoleRoutes routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(routes);
        var clients = new RoleClients(routes, _backends, _time);
        UsageTimeline plannerUsage = new(), aggregatorUsage = new();
        var planner = new ChatPlanner(clients.For(TeamRole.Planner, plannerUsage), new ChatPlannerOptions(settings.Planning, agents: settings.Team.Agents)
        {
            Seed = task.Seed,
            AttachedFileName = task.AttachedFile is { } file ? Path.GetFileName(file) : null,
        });
        IAggregator? aggregator = settings.Aggregator switch
        {
            AggregatorKind.Majority => new MajorityAggregator(),
            AggregatorKind.Llm => new LlmAggregator(clients.For(TeamRole.Aggregator, aggregatorUsage)),
            AggregatorKind.BestOfK => new BestOfKOracleAggregator(task.GroundTruth
                ?? throw new ArgumentException("The best_of_k aggregator needs the task's ground truth (an experiment suite's final answer); use majority or llm.", nameof(task))),
            _ => null,
        };
        var teams = new MagenticOneTeamFactory(clients, task.RunFolder, settings.Team, task.AttachedFile, _time);
        var run = new ParallelTeams(teams, planner, _time, aggregator).Start(task.Question, settings, cancellationToken);
        return new ParallelRun(run.Events, WithOverheadAsync(run.Completion, plannerUsage, aggregatorUsage));
    }

    /// <summary>Checks, after <see cref="EnsureMachineAllowsAsync"/>, and runs to the end (see <see cref="Start"/>).</summary>
    /// <exception cref="CodeNetworkException">The teams' code may not reach the network and this machine cannot cut it off.</exception>
    public async Task<ParallelRunResult> RunAsync(MethodTask task, MethodSettings settings, RoleRoutes routes, CancellationToken cancellationToken)
    {
        await EnsureMachineAllowsAsync(settings, cancellationToken).ConfigureAwait(false);
        return await Start(task, settings, routes, cancellationToken).Completion.ConfigureAwait(false);
    }

    /// <summary>Checks that this machine can run <paramref name="settings"/> as they say before any team starts: code
    /// without network (<c>code_network: false</c>) needs a network namespace, so that a machine without one makes the
    /// run an error rather than teams that fail.</summary>
    /// <exception cref="CodeNetworkException">The teams' code may not reach the network and this machine cannot cut it off.</exception>
    public static Task EnsureMachineAllowsAsync(MethodSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Team.Agents.HasFlag(TeamAgents.ComputerTerminal)
            ? CodeNetworkIsolation.EnsureAvailableAsync(settings.Team.Terminal, cancellationToken)
            : Task.CompletedTask;
    }

    private static async Task<ParallelRunResult> WithOverheadAsync(Task<ParallelRunResult> completion, UsageTimeline planner, UsageTimeline aggregator) =>
        await completion.ConfigureAwait(false) with { PlannerUsage = planner, AggregatorUsage = aggregator };
}
