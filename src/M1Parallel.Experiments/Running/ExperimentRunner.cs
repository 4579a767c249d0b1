using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Scoring;

namespace M1Parallel.Experiments.Running;

/// <summary>
/// Runs an experiment's tasks × methods × repetitions one at a time, skipping runs already in the results store, scoring
/// each answer with GAIA's rules and writing each run to the store as soon as it ends. Killed and restarted, it carries on
/// where it stopped: a run in flight is lost and run again, a finished run is never run or stored twice.
/// </summary>
public sealed class ExperimentRunner
{
    private readonly ResultsStore _store;
    private readonly IMethodRunner _methods;
    private readonly TimeProvider _time;

    /// <summary>Creates a runner writing to <paramref name="store"/> and running methods through <paramref name="methods"/>.</summary>
    public ExperimentRunner(ResultsStore store, IMethodRunner methods, TimeProvider timeProvider)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _methods = methods ?? throw new ArgumentNullException(nameof(methods));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Runs every run of <paramref name="spec"/> on <paramref name="tasks"/> not yet in the store.</summary>
    /// <param name="spec">The experiment.</param>
    /// <param name="tasks">The suite's tasks after the spec's filter.</param>
    /// <param name="retryErrors">Run again the runs stored with an error.</param>
    /// <param name="progress">Receives a report at the start and after every run.</param>
    /// <param name="cancellationToken">Stops the experiment: the run in flight is abandoned (not stored, whatever it
    /// returns or throws once asked to stop) and <see cref="OperationCanceledException"/> is thrown; every finished run is stored.</param>
    /// <exception cref="ExperimentChangedException">A method with stored runs has other settings now; nothing was run.</exception>
    public async Task<ExperimentSummary> RunAsync(
        ExperimentSpec spec,
        IReadOnlyList<TaskItem> tasks,
        bool retryErrors,
        IProgress<ExperimentProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var check = new MethodChangeCheck(_store);
        if (await check.FindAsync(spec, cancellationToken) is { Count: > 0 } changed)
        {
            throw new ExperimentChangedException(spec.Name, changed);
        }

        await check.RecordAsync(spec, cancellationToken);
        var plan = ExperimentPlan.Expand(spec, tasks);
        var finished = await _store.GetFinishedKeysAsync(spec.Name, retryErrors, cancellationToken);
        var planned = plan.Select(p => Key(spec, p)).ToHashSet();
        var stored = await _store.ReadAsync(spec.Name, cancellationToken);
        var solved = stored.Count(r => r.Solved && planned.Contains(r.Key) && finished.Contains(r.Key));
        var pending = plan.Where(p => !finished.Contains(Key(spec, p))).ToList();
        var skipped = plan.Count - pending.Count;

        var sessionStart = _time.GetTimestamp();
        int executed = 0, timedOut = 0, errors = 0;
        progress?.Report(new ExperimentProgress(skipped, plan.Count, skipped, solved, 0, TimeSpan.Zero, null, null));
        foreach (var run in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = await RunOneAsync(spec, run, cancellationToken);
            await _store.SaveAsync(record, CancellationToken.None);
            executed++;
            solved += record.Solved ? 1 : 0;
            timedOut += record.Outcome == RunOutcome.TimedOut ? 1 : 0;
            errors += record.Outcome == RunOutcome.Error ? 1 : 0;
            var elapsed = _time.GetElapsedTime(sessionStart);
            var eta = elapsed / executed * (pending.Count - executed);
            progress?.Report(new ExperimentProgress(skipped + executed, plan.Count, skipped, solved, errors, elapsed, eta, record));
        }

        return new ExperimentSummary(plan.Count, executed, skipped, solved, timedOut, errors);
    }

    private static RunKey Key(ExperimentSpec spec, PlannedRun run) => new(spec.Name, run.Task.TaskId, run.Method.Name, run.Repetition);

    private async Task<RunRecord> RunOneAsync(ExperimentSpec spec, PlannedRun run, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(spec.RunTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var startedAt = _time.GetUtcNow();
        var start = _time.GetTimestamp();
        RunRecord Record(string? answer, bool solved, MethodRunResult? result, RunOutcome outcome, string? error) => new(
            spec.Name,
            run.Task.TaskId,
            run.Method.Name,
            run.Repetition,
            run.Task.Level,
            answer,
            solved,
            result?.LatencySeconds ?? _time.GetElapsedTime(start).TotalSeconds,
            result?.PromptTokens ?? 0,
            result?.CompletionTokens ?? 0,
            result?.CostUsd ?? 0,
            result?.Teams ?? [],
            result?.EventsJson ?? "[]",
            startedAt,
            _time.GetUtcNow(),
            outcome,
            error,
            result?.Tokens);

        try
        {
            var result = await _methods.RunAsync(run.Task, run.Method, run.Repetition, linked.Token);

            // A run that returns after the stop request may have been cut short on the way (its teams cancelled): it is
            // abandoned like one that threw, never stored as if it had run to its end.
            cancellationToken.ThrowIfCancellationRequested();
            var (answer, solved) = ReplyScorer.Score(result.Answer, run.Task.FinalAnswer);
            return Record(answer, solved, result, RunOutcome.Completed, null);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Record(null, false, null, RunOutcome.TimedOut, $"no answer within the run limit of {spec.RunTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Record(null, false, null, RunOutcome.Error, $"{ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever a run being stopped throws (an aborted request, a closed browser) says nothing about the method:
            // the run is abandoned, not stored as an error.
            throw new OperationCanceledException($"The run {run.Task.TaskId}/{run.Method.Name}#{run.Repetition} was abandoned: the experiment was asked to stop.", ex, cancellationToken);
        }
    }
}
