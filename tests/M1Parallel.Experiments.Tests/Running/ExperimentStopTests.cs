using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Running;

/// <summary>An experiment asked to stop (Ctrl+C) while a run is in flight abandons that run, whatever the run does then.</summary>
public sealed class ExperimentStopTests : IDisposable
{
    private static readonly TaskItem[] Tasks =
    [
        new("t1", "Capital of France?", 1, "Paris", null, null),
        new("t2", "2+2?", 2, "4", null, null),
        new("t3", "Largest planet?", 3, "Jupiter", null, null),
    ];

    private static readonly ExperimentSpec Spec = ExperimentSpecLoader.Parse(
        """
        name: stop-test
        suite: { path: s }
        backends: { local: { kind: local, model: m } }
        methods:
          - { name: single, kind: single }
        """,
        "/x/spec.yaml");

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_StopDuringARunThatStillReturnsAnAnswer_AbandonsItUnstoredAndThrowsCancellation()
    {
        using var stop = new CancellationTokenSource();
        var store = await ResultsStore.OpenAsync(Path.Combine(_dir.Path, "r.db"), CancellationToken.None);
        var methods = new StoppingRunner(stopAtRun: 2, stop, _ => Task.FromResult(Answered("FINAL ANSWER: 4")));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ExperimentRunner(store, methods, _clock).RunAsync(Spec, Tasks, false, null, stop.Token));

        var stored = await store.ReadAsync("stop-test", CancellationToken.None);
        Assert.Equal(["t1"], stored.Select(r => r.TaskId));
        Assert.Equal(2, methods.Calls);
    }

    [Fact]
    public async Task Run_StopDuringARunThatThenFails_AbandonsItInsteadOfStoringAnError()
    {
        using var stop = new CancellationTokenSource();
        var store = await ResultsStore.OpenAsync(Path.Combine(_dir.Path, "r.db"), CancellationToken.None);
        var methods = new StoppingRunner(stopAtRun: 2, stop, _ => throw new HttpRequestException("the connection was aborted"));

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ExperimentRunner(store, methods, _clock).RunAsync(Spec, Tasks, false, null, stop.Token));

        Assert.IsType<HttpRequestException>(thrown.InnerException);
        Assert.Contains("t2/single#1 was abandoned", thrown.Message);
        var stored = await store.ReadAsync("stop-test", CancellationToken.None);
        Assert.Equal(["t1"], stored.Select(r => r.TaskId));
        Assert.DoesNotContain(stored, r => r.Outcome == RunOutcome.Error);
        Assert.False(File.Exists(store.PendingPath));
    }

    [Fact]
    public async Task Run_FailureWithoutAStop_IsStillStoredAsAnError()
    {
        var store = await ResultsStore.OpenAsync(Path.Combine(_dir.Path, "r.db"), CancellationToken.None);
        var methods = new StoppingRunner(stopAtRun: 0, null, _ => throw new HttpRequestException("the connection was refused"));

        var summary = await new ExperimentRunner(store, methods, _clock).RunAsync(Spec, Tasks, false, null, CancellationToken.None);

        Assert.Equal(3, summary.Errors);
        Assert.All(await store.ReadAsync("stop-test", CancellationToken.None), r => Assert.Equal(RunOutcome.Error, r.Outcome));
    }

    private static MethodRunResult Answered(string answer) => new(answer, 100, 10, 0.01, [], "[]");

    /// <summary>Answers run 1 at once; at run <c>stopAtRun</c> requests the stop, then does what <c>then</c> says, ignoring the token.</summary>
    private sealed class StoppingRunner(int stopAtRun, CancellationTokenSource? stop, Func<TaskItem, Task<MethodRunResult>> then) : IMethodRunner
    {
        public int Calls { get; private set; }

        public async Task<MethodRunResult> RunAsync(TaskItem task, MethodSpec method, int repetition, CancellationToken cancellationToken)
        {
            Calls++;
            if (Calls == 1 && stopAtRun > 1)
            {
                return Answered($"FINAL ANSWER: {task.FinalAnswer}");
            }

            if (Calls == stopAtRun)
            {
                await stop!.CancelAsync();
            }

            return await then(task);
        }
    }
}
