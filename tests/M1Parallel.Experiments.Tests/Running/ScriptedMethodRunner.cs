using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Running;

/// <summary>A method runner whose every run is decided by a script: it advances the fake clock by the run's latency and answers.</summary>
internal sealed class ScriptedMethodRunner(FakeTimeProvider clock, Func<PlannedRun, ScriptedMethodRunner.Step> script) : IMethodRunner
{
    /// <summary>What a run does: take this long, then answer, hang until cancelled, throw, or crash the process; with
    /// <paramref name="IgnoreCancellation"/> it answers or throws even when its token is cancelled (a run that does not notice a stop).</summary>
    public sealed record Step(double Seconds, string? Answer = null, bool Hang = false, Exception? Throw = null, Action? Before = null, bool IgnoreCancellation = false);

    public List<PlannedRun> Calls { get; } = [];

    public async Task<MethodRunResult> RunAsync(TaskItem task, MethodSpec method, int repetition, CancellationToken cancellationToken)
    {
        var run = new PlannedRun(task, method, repetition);
        Calls.Add(run);
        var step = script(run);
        step.Before?.Invoke();
        clock.Advance(TimeSpan.FromSeconds(step.Seconds));
        if (!step.IgnoreCancellation)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (step.Throw is not null)
        {
            throw step.Throw;
        }

        if (step.Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await Task.Yield();
        return new MethodRunResult(
            step.Answer,
            100 * method.Settings.Teams,
            10 * method.Settings.Teams,
            0.01,
            Enumerable.Range(0, method.Settings.Teams).Select(i => new TeamSummary(i, i == 0 ? "answered" : "cancelled", i == 0 ? step.Answer : null, step.Seconds + i, 3 + i, 100, 10)).ToList(),
            $$"""[{"kind":"final_answer","task":"{{task.TaskId}}"}]""",
            Tokens: new RunTokens(new TokenCount(90 * method.Settings.Teams, 9 * method.Settings.Teams), new TokenCount(10 * method.Settings.Teams, method.Settings.Teams), new TokenCount(0, 0)));
    }
}
