using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Running;

public sealed class ExperimentRunnerTests : IDisposable
{
    private static readonly TaskItem[] Tasks =
    [
        new("t1", "Capital of France?", 1, "Paris", null, null),
        new("t2", "2+2?", 2, "4", null, null),
        new("t3", "Largest planet?", 3, "Jupiter", null, null),
    ];

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => _dir.Dispose();

    private static ExperimentSpec Spec(int repetitions = 2, double timeoutSeconds = 100) => ExperimentSpecLoader.Parse(
        $"""
        name: runner-test
        suite: {"{"} path: s {"}"}
        repetitions: {repetitions}
        timeouts: {"{"} run_seconds: {timeoutSeconds} {"}"}
        backends: {"{"} local: {"{"} kind: local, model: m {"}"} {"}"}
        methods:
          - {"{"} name: single, kind: single {"}"}
          - {"{"} name: es2, kind: early_stop, teams: 2 {"}"}
        """,
        "/x/spec.yaml");

    private static RunKey Key(PlannedRun run) => new("runner-test", run.Task.TaskId, run.Method.Name, run.Repetition);

    private static string Correct(PlannedRun run) => $"reasoning... FINAL ANSWER: {run.Task.FinalAnswer.ToLowerInvariant()}";

    private Task<ResultsStore> StoreAsync() => ResultsStore.OpenAsync(Path.Combine(_dir.Path, "r.db"), CancellationToken.None);

    [Fact]
    public async Task Run_FreshStore_RunsEveryTaskMethodRepetitionOnceAndStoresIt()
    {
        var store = await StoreAsync();
        var methods = new ScriptedMethodRunner(_clock, run => new(run.Method.Settings.Teams * 5, Correct(run)));

        var summary = await new ExperimentRunner(store, methods, _clock).RunAsync(Spec(), Tasks, false, null, CancellationToken.None);

        Assert.Equal(new ExperimentSummary(12, 12, 0, 12, 0, 0), summary);
        var records = await store.ReadAsync("runner-test", CancellationToken.None);
        Assert.Equal(12, records.Count);
        Assert.Equal(12, records.Select(r => r.Key).Distinct().Count());
        var es = records.First(r => r.Method == "es2");
        Assert.Equal(10, es.LatencySeconds, 9);
        Assert.Equal(200, es.PromptTokens);
        Assert.Equal(new RunTokens(new TokenCount(180, 18), new TokenCount(20, 2), new TokenCount(0, 0)), es.Tokens);
        Assert.Equal(2, es.Teams.Count);
        Assert.Equal(es.StartedAt.AddSeconds(10), es.FinishedAt);
        Assert.Equal(RunOutcome.Completed, es.Outcome);
        Assert.Contains("final_answer", es.EventsJson);
    }

    [Fact]
    public async Task Run_RepetitionsOuterLoop_RunsEveryMethodOnEveryTaskBeforeRepeating()
    {
        var methods = new ScriptedMethodRunner(_clock, run => new(1, Correct(run)));

        await new ExperimentRunner(await StoreAsync(), methods, _clock).RunAsync(Spec(), Tasks, false, null, CancellationToken.None);

        Assert.Equal(
            ["t1/single#1", "t1/es2#1", "t2/single#1", "t2/es2#1", "t3/single#1", "t3/es2#1", "t1/single#2"],
            methods.Calls.Take(7).Select(c => $"{c.Task.TaskId}/{c.Method.Name}#{c.Repetition}"));
    }

    [Fact]
    public async Task Run_Answers_AreScoredWithGaiaRulesAfterTheFinalAnswerMarker()
    {
        var store = await StoreAsync();
        var methods = new ScriptedMethodRunner(_clock, run => new(1, run.Task.TaskId switch
        {
            "t1" => "FINAL ANSWER: paris.",
            "t2" => "FINAL ANSWER: four",
            _ => null,
        }));

        var summary = await new ExperimentRunner(store, methods, _clock).RunAsync(Spec(repetitions: 1), Tasks, false, null, CancellationToken.None);

        var records = await store.ReadAsync("runner-test", CancellationToken.None);
        Assert.All(records.Where(r => r.TaskId == "t1"), r => Assert.True(r.Solved));
        Assert.All(records.Where(r => r.TaskId == "t2"), r => Assert.False(r.Solved));
        Assert.All(records.Where(r => r.TaskId == "t3"), r => Assert.Null(r.Answer));
        Assert.Equal("paris.", records.First(r => r.TaskId == "t1").Answer);
        Assert.Equal(2, summary.Solved);
    }

    [Fact]
    public async Task Run_SimulatedCrash_ResumesWithEveryFinishedRunStoredExactlyOnce()
    {
        var path = Path.Combine(_dir.Path, "r.db");
        using var kill = new CancellationTokenSource();
        var calls = 0;

        // The sixth run is in flight when the process "dies": the token is cancelled mid-run, nothing of it is stored.
        var first = new ScriptedMethodRunner(_clock, run => new(3, Correct(run), Hang: ++calls == 6, Before: calls == 6 ? kill.Cancel : null));
        var crashingStore = await ResultsStore.OpenAsync(path, CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ExperimentRunner(crashingStore, first, _clock).RunAsync(Spec(), Tasks, false, null, kill.Token));
        var afterCrash = await (await ResultsStore.OpenAsync(path, CancellationToken.None)).ReadAsync("runner-test", CancellationToken.None);
        Assert.Equal(5, afterCrash.Count);

        // A fresh process on the same file runs only what is missing, starting with the run that was in flight.
        var second = new ScriptedMethodRunner(_clock, run => new(3, Correct(run)));
        var summary = await new ExperimentRunner(await ResultsStore.OpenAsync(path, CancellationToken.None), second, _clock).RunAsync(Spec(), Tasks, false, null, CancellationToken.None);

        Assert.Equal(new ExperimentSummary(12, 7, 5, 12, 0, 0), summary);
        Assert.Equal((first.Calls[5].Task, first.Calls[5].Method.Name, first.Calls[5].Repetition), (second.Calls[0].Task, second.Calls[0].Method.Name, second.Calls[0].Repetition));
        var all = await (await ResultsStore.OpenAsync(path, CancellationToken.None)).ReadAsync("runner-test", CancellationToken.None);
        Assert.Equal(12, all.Count);
        Assert.Equal(12, all.Select(r => r.Key).Distinct().Count());
        Assert.Equal(afterCrash, all.Where(r => afterCrash.Any(a => a.Key == r.Key)).ToList(), new RecordComparer());
    }

    [Fact]
    public async Task Run_StopDuringARunThatStillAnswers_AbandonsItUnstoredAndThrowsCancellation()
    {
        var store = await StoreAsync();
        using var stop = new CancellationTokenSource();
        var calls = 0;
        var methods = new ScriptedMethodRunner(_clock, run => ++calls == 2 ? new(3, Correct(run), Before: stop.Cancel, IgnoreCancellation: true) : new(3, Correct(run)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ExperimentRunner(store, methods, _clock).RunAsync(Spec(), Tasks, false, null, stop.Token));

        var stored = await store.ReadAsync("runner-test", CancellationToken.None);
        Assert.Equal([Key(methods.Calls[0])], stored.Select(r => r.Key));
        Assert.Equal(2, methods.Calls.Count);
    }

    [Fact]
    public async Task Run_StopDuringARunThatThenFails_AbandonsItInsteadOfStoringAnError()
    {
        var store = await StoreAsync();
        using var stop = new CancellationTokenSource();
        var calls = 0;
        var methods = new ScriptedMethodRunner(_clock, run => ++calls == 2
            ? new(3, Before: stop.Cancel, Throw: new HttpRequestException("the connection was aborted"), IgnoreCancellation: true)
            : new(3, Correct(run)));

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ExperimentRunner(store, methods, _clock).RunAsync(Spec(), Tasks, false, null, stop.Token));

        Assert.IsType<HttpRequestException>(thrown.InnerException);
        var abandoned = methods.Calls[1];
        Assert.Contains($"{abandoned.Task.TaskId}/{abandoned.Method.Name}#{abandoned.Repetition} was abandoned", thrown.Message);
        var stored = await store.ReadAsync("runner-test", CancellationToken.None);
        Assert.Equal([Key(methods.Calls[0])], stored.Select(r => r.Key));
        Assert.False(File.Exists(store.PendingPath));
    }

    [Fact]
    public async Task Run_AgainAfterCompletion_RunsNothing()
    {
        var store = await StoreAsync();
        await new ExperimentRunner(store, new ScriptedMethodRunner(_clock, run => new(1, Correct(run))), _clock).RunAsync(Spec(), Tasks, false, null, CancellationToken.None);
        var again = new ScriptedMethodRunner(_clock, run => new(1, Correct(run)));

        var summary = await new ExperimentRunner(store, again, _clock).RunAsync(Spec(), Tasks, false, null, CancellationToken.None);

        Assert.Empty(again.Calls);
        Assert.Equal(new ExperimentSummary(12, 0, 12, 12, 0, 0), summary);
    }

    [Fact]
    public async Task Run_PastTheRunLimit_RecordsATimeoutAsUnsolvedAtTheLimit()
    {
        var store = await StoreAsync();
        var methods = new ScriptedMethodRunner(_clock, run => run.Task.TaskId == "t2" ? new(150, Hang: true) : new(1, Correct(run)));

        var summary = await new ExperimentRunner(store, methods, _clock).RunAsync(Spec(repetitions: 1, timeoutSeconds: 120), Tasks, false, null, CancellationToken.None);

        Assert.Equal(2, summary.TimedOut);
        var timedOut = (await store.ReadAsync("runner-test", CancellationToken.None)).Where(r => r.TaskId == "t2").ToList();
        Assert.All(timedOut, r =>
        {
            Assert.Equal(RunOutcome.TimedOut, r.Outcome);
            Assert.False(r.Solved);
            Assert.Equal(150, r.LatencySeconds, 9);
            Assert.Contains("120 s", r.Error);
        });
    }

    [Fact]
    public async Task Run_MethodThrows_RecordsTheErrorAndRetriesItOnRequest()
    {
        var store = await StoreAsync();
        var failing = new ScriptedMethodRunner(_clock, run => run.Task.TaskId == "t3" ? new(1, Throw: new InvalidOperationException("backend gone")) : new(1, Correct(run)));
        var first = await new ExperimentRunner(store, failing, _clock).RunAsync(Spec(repetitions: 1), Tasks, false, null, CancellationToken.None);
        Assert.Equal(2, first.Errors);
        var error = (await store.ReadAsync("runner-test", CancellationToken.None)).First(r => r.TaskId == "t3");
        Assert.Equal("InvalidOperationException: backend gone", error.Error);

        var notRetrying = new ScriptedMethodRunner(_clock, run => new(1, Correct(run)));
        await new ExperimentRunner(store, notRetrying, _clock).RunAsync(Spec(repetitions: 1), Tasks, retryErrors: false, null, CancellationToken.None);
        var retrying = new ScriptedMethodRunner(_clock, run => new(1, Correct(run)));
        var second = await new ExperimentRunner(store, retrying, _clock).RunAsync(Spec(repetitions: 1), Tasks, retryErrors: true, null, CancellationToken.None);

        Assert.Empty(notRetrying.Calls);
        Assert.Equal(["t3", "t3"], retrying.Calls.Select(c => c.Task.TaskId));
        Assert.Equal(6, second.Solved);
        Assert.All(await store.ReadAsync("runner-test", CancellationToken.None), r => Assert.Equal(RunOutcome.Completed, r.Outcome));
    }

    [Fact]
    public async Task Run_Progress_ReportsDoneTotalSolvedAndEta()
    {
        var store = await StoreAsync();
        await store.SaveAsync(Records.Run(task: "t1", method: "single", repetition: 1, experiment: "runner-test"), CancellationToken.None);
        var reports = new List<ExperimentProgress>();
        var methods = new ScriptedMethodRunner(_clock, run => new(10, run.Task.TaskId == "t2" ? "wrong" : Correct(run)));

        await new ExperimentRunner(store, methods, _clock).RunAsync(Spec(repetitions: 1), Tasks, false, new SyncProgress(reports), CancellationToken.None);

        Assert.Equal(new ExperimentProgress(1, 6, 1, 1, 0, TimeSpan.Zero, null, null), reports[0]);
        var second = reports[2];
        Assert.Equal(3, second.Done);
        Assert.Equal(6, second.Total);
        Assert.Equal(TimeSpan.FromSeconds(20), second.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(30), second.Eta);
        Assert.Equal(6, reports[^1].Done);
        Assert.Equal(4, reports[^1].Solved);
        Assert.Equal(TimeSpan.Zero, reports[^1].Eta);
    }

    private sealed class SyncProgress(List<ExperimentProgress> reports) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => reports.Add(value);
    }

    private sealed class RecordComparer : IEqualityComparer<RunRecord>
    {
        public bool Equals(RunRecord? x, RunRecord? y) =>
            x!.Key == y!.Key && x.LatencySeconds == y.LatencySeconds && x.StartedAt == y.StartedAt && x.Answer == y.Answer;

        public int GetHashCode(RunRecord obj) => obj.Key.GetHashCode();
    }
}
