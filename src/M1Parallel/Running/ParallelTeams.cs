using System.Threading.Channels;
using M1Parallel.Aggregation;
using M1Parallel.Events;
using M1Parallel.FailureMemory;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Planning;
using M1Parallel.Teams;
using M1Parallel.Usage;

namespace M1Parallel.Running;

/// <summary>
/// Runs n teams on n plans at once (M1-Parallel). Early stop: the first answer wins. Aggregate(k): k answers (or all
/// the rest failed), then the aggregator decides. Each team has its own cancellation linked to the run's; at the
/// decision the others are cancelled and awaited, so no team works after the run returns. A team that ends without
/// an answer goes into the run's failure memory and, within its re-plan budget, restarts on a new plan.
/// </summary>
public sealed class ParallelTeams
{
    private readonly ITeamFactory _teams;
    private readonly IPlanner _planner;
    private readonly IAggregator? _aggregator;
    private readonly TimeProvider _time;
    private readonly int _failureSummaryChars;

    /// <summary>Creates the runner.</summary>
    /// <param name="teams">Makes a team for each attempt of each slot.</param>
    /// <param name="planner">Makes the initial plans and the re-plans.</param>
    /// <param name="timeProvider">The clock for events, answers and the decisive moment; the system clock when null.</param>
    /// <param name="aggregator">Decides among the answers of an aggregating method; null when no method run here aggregates.</param>
    /// <param name="failureSummaryChars">How much of a failed transcript the failure memory keeps (newest part).</param>
    public ParallelTeams(ITeamFactory teams, IPlanner planner, TimeProvider? timeProvider = null, IAggregator? aggregator = null, int failureSummaryChars = 4000)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failureSummaryChars);
        _teams = teams;
        _planner = planner;
        _aggregator = aggregator;
        _time = timeProvider ?? TimeProvider.System;
        _failureSummaryChars = failureSummaryChars;
    }

    /// <summary>Starts a run of <paramref name="settings"/>' shape (teams, k, re-plans) and returns at once with its live
    /// event stream and its pending result.</summary>
    /// <exception cref="ArgumentException">The method aggregates but no aggregator was given to the constructor.</exception>
    public ParallelRun Start(string task, MethodSettings settings, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Kind == MethodKind.Aggregate && _aggregator is null)
        {
            throw new ArgumentException("The method aggregates, but these parallel teams were made without an aggregator; pass one to the constructor.", nameof(settings));
        }

        var log = new RunEventLog(_time);
        return new ParallelRun(log.Reader, Task.Run(() => RunCoreAsync(task, settings, log, cancellationToken), CancellationToken.None));
    }

    /// <summary>Runs to the end and returns the result (its <see cref="ParallelRunResult.Events"/> hold the event stream).</summary>
    public Task<ParallelRunResult> RunAsync(string task, MethodSettings settings, CancellationToken cancellationToken) =>
        Start(task, settings, cancellationToken).Completion;

    private async Task<ParallelRunResult> RunCoreAsync(string task, MethodSettings settings, RunEventLog log, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        try
        {
            // The single-team method is Magentic-One as published: its orchestrator surveys the facts and plans itself.
            var plans = settings.Kind == MethodKind.Single
                ? [Plan.OrchestratorsOwn]
                : await _planner.CreatePlansAsync(task, settings.Teams, cancellationToken).ConfigureAwait(false);
            if (plans.Count != settings.Teams)
            {
                throw new PlanningException($"The planner returned {plans.Count} plans for {settings.Teams} teams; it must return exactly one plan per team.");
            }

            log.Emit(RunEventKind.Planned, null, null, $"{plans.Count} plans for {settings.Teams} teams ({settings.Kind}, k={settings.AnswersToWaitFor})");
            var result = await RunTeamsAsync(task, settings, plans, log, startedAt, cancellationToken).ConfigureAwait(false);
            log.Emit(RunEventKind.Finished, null, null, result.Answered ? $"answer: {result.Answer}" : "no answer: every team failed");
            return result with { Events = log.Complete(), FinishedAt = _time.GetUtcNow() };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Emit(RunEventKind.Finished, null, null, "run cancelled");
            log.Complete();
            throw;
        }
        catch (Exception ex)
        {
            log.Emit(RunEventKind.Finished, null, null, $"run failed: {ex.Message}");
            log.Complete();
            throw;
        }
    }

    private async Task<ParallelRunResult> RunTeamsAsync(
        string task, MethodSettings settings, IReadOnlyList<Plan> plans, RunEventLog log, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var memory = new RunFailureMemory(_failureSummaryChars);
        var ended = Channel.CreateUnbounded<TeamReport>();
        var slots = plans.Select((plan, i) => new TeamSlot(i, plan, CancellationTokenSource.CreateLinkedTokenSource(runCancellation.Token))).ToArray();
        var running = slots.Select(slot => Task.Run(() => RunSlotAsync(task, slot, settings, memory, log, ended.Writer))).ToArray();

        var answers = new List<TeamAnswer>();
        var lastEnd = startedAt;
        try
        {
            for (var count = 0; count < slots.Length && answers.Count < settings.AnswersToWaitFor; count++)
            {
                var report = await ended.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                lastEnd = report.EndedAt;
                if (report.State == TeamState.Answered)
                {
                    answers.Add(new TeamAnswer(report.TeamIndex, report.Attempt, report.Last!.Answer!, report.EndedAt) { Messages = report.Messages, StopReason = report.StopReason });
                }
            }

            log.Emit(RunEventKind.Decided, null, null, answers.Count == 0
                ? "every team ended without an answer"
                : $"{answers.Count} answer(s), from team(s) {string.Join(", ", answers.Select(a => a.TeamIndex))}");
        }
        finally
        {
            // The decision is made (or the run is cancelled): stop every team still working and wait for all of them.
            foreach (var slot in slots)
            {
                slot.CancelReason = cancellationToken.IsCancellationRequested ? "the run was cancelled" : "stopped: the run has decided";
                await slot.Cancellation.CancelAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(running).ConfigureAwait(false);
            foreach (var slot in slots)
            {
                slot.Cancellation.Dispose();
            }
        }

        var decidedAt = answers.Count == settings.AnswersToWaitFor ? answers[^1].AnsweredAt : lastEnd;
        var counted = answers.Select(a => a.TeamIndex).ToHashSet();
        var reports = new List<TeamReport>(slots.Length);
        foreach (var report in running.Select(t => t.Result))
        {
            var late = report.State == TeamState.Answered && !counted.Contains(report.TeamIndex);
            if (late)
            {
                log.Emit(RunEventKind.Cancelled, report.TeamIndex, report.Attempt, "answered after the decision; not counted");
            }

            reports.Add(late ? report with { State = TeamState.Cancelled, StopReason = "cancelled" } : report);
        }

        if (answers.Count == 0)
        {
            return NewResult(task, settings, null, null);
        }

        if (settings.Kind != MethodKind.Aggregate)
        {
            return NewResult(task, settings, answers[0].Answer, null);
        }

        var aggregation = await _aggregator!.AggregateAsync(task, answers, cancellationToken).ConfigureAwait(false);
        log.Emit(RunEventKind.Aggregated, null, null, $"{aggregation.Method}: {aggregation.Answer}");
        return NewResult(task, settings, aggregation.Answer, aggregation);

        ParallelRunResult NewResult(string task, MethodSettings settings, string? answer, AggregationResult? aggregation) => new()
        {
            Task = task,
            Kind = settings.Kind,
            Answer = answer,
            StartedAt = startedAt,
            DecidedAt = decidedAt,
            FinishedAt = _time.GetUtcNow(),
            Answers = answers,
            Aggregation = aggregation,
            Teams = reports,
            Failures = memory.Snapshot(),
            Events = log.Snapshot(),
        };
    }

    private async Task<TeamReport> RunSlotAsync(
        string task, TeamSlot slot, MethodSettings settings, RunFailureMemory memory, RunEventLog log, ChannelWriter<TeamReport> ended)
    {
        var result = await RunAttemptsAsync(task, slot, settings, memory, log).ConfigureAwait(false);
        ended.TryWrite(result);
        return result;
    }

    private async Task<TeamReport> RunAttemptsAsync(string task, TeamSlot slot, MethodSettings settings, RunFailureMemory memory, RunEventLog log)
    {
        var token = slot.Cancellation.Token;
        var plans = new List<Plan> { slot.InitialPlan };
        var attempt = 0;
        TeamResult? last = null;
        TeamReport Report(TeamState state, string stopReason, DateTimeOffset at) => new(slot.Index, state, plans.ToArray(), last, stopReason, at, slot.Usage);
        try
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                var plan = plans[^1];
                log.Emit(RunEventKind.TeamStarted, slot.Index, attempt, FirstLine(plan.Text));
                TeamResult result;
                try
                {
                    var team = _teams.Create(new TeamContext(slot.Index, attempt, slot.Usage, new StepReporter(log, slot.Index, attempt)));
                    result = await team.RunAsync(task, plan.ForTeam, token).ConfigureAwait(false)
                             ?? throw new InvalidOperationException("The team returned no result (null).");
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    result = TeamResult.Failure($"the team threw {ex.GetType().Name}: {ex.Message}");
                }

                var at = _time.GetUtcNow();
                token.ThrowIfCancellationRequested(); // A result that arrives after the decision (a cancelled team's, too) does not count.
                last = result;
                if (result.Answered && !string.IsNullOrWhiteSpace(result.Answer))
                {
                    log.Emit(RunEventKind.Answered, slot.Index, attempt, result.Answer);
                    return Report(TeamState.Answered, result.StopSummary, at);
                }

                var stop = result.StopSummary;
                log.Emit(RunEventKind.Failed, slot.Index, attempt, stop);
                memory.Record(slot.Index, attempt, plan, result.Transcript.ToText(), stop, at);
                if (attempt >= settings.Replans)
                {
                    return Report(TeamState.Failed, stop, at);
                }

                var next = await _planner.ReplanAsync(task, memory.Snapshot(), token).ConfigureAwait(false);
                attempt++;
                plans.Add(next);
                log.Emit(RunEventKind.Replanned, slot.Index, attempt, FirstLine(next.Text));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            log.Emit(RunEventKind.Cancelled, slot.Index, attempt, slot.CancelReason);
            return Report(TeamState.Cancelled, "cancelled", _time.GetUtcNow());
        }
        catch (Exception ex)
        {
            // Only re-planning can get here (team and factory errors are results): the slot ends as failed.
            var reason = $"re-planning failed: {ex.Message}";
            log.Emit(RunEventKind.Failed, slot.Index, attempt, reason);
            return Report(TeamState.Failed, reason, _time.GetUtcNow());
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        var first = (end >= 0 ? line[..end] : line).ToString();
        return first.Length > 100 ? first[..100] + "…" : first;
    }

    private sealed class TeamSlot(int index, Plan initialPlan, CancellationTokenSource cancellation)
    {
        public int Index { get; } = index;

        public Plan InitialPlan { get; } = initialPlan;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public UsageTimeline Usage { get; } = new();

        public string CancelReason { get; set; } = "the run was cancelled";
    }
}
