using M1Parallel.TestSupport;
using System.Diagnostics;
using System.Globalization;
using M1Parallel.Cli.Tests.TestSupport;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Store;
using Microsoft.Data.Sqlite;

namespace M1Parallel.Cli.Tests;

/// <summary>
/// The real <c>m1p experiment</c> and <c>m1p run</c> as child processes, stopped with real SIGINT and SIGTERM (sent
/// with <c>kill</c>) while their teams are working: each team's Chromium is open and its code is running. The teams
/// run on a scripted OpenAI-compatible server; every process the child starts carries an environment marker, so the
/// test sees any Chromium or code process left behind, even one outside the child's process tree.
/// </summary>
public sealed class StopSignalTests : IDisposable
{
    private const string MarkerVariable = "M1P_STOP_TEST_MARKER";

    /// <summary>Longest any step may take before it counts as hung (a guard, not a measurement).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    /// <summary>How long after the child's exit a process it started may take to vanish (the kernel tearing it down).</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

    private readonly ScriptedExperiment _experiment = new("stop-test");
    private readonly string _marker = Guid.NewGuid().ToString("N");

    public void Dispose() => _experiment.Dispose();

    private string Work => _experiment.Work;

    private string StorePath => _experiment.StorePath;

    private Dictionary<string, string> ChildEnvironment => new() { [ScriptedExperiment.KeyVariable] = ScriptedExperiment.Key, [MarkerVariable] = _marker };

    [LinuxFact]
    public Task Experiment_SigintWhileARunBrowsesAndRunsCode_AbandonsThatRunKeepsTheStoredOnesExits130AndLeavesNoProcess() =>
        StopExperimentMidRunAsync("INT");

    [LinuxFact]
    public Task Experiment_SigtermWhileARunBrowsesAndRunsCode_AbandonsThatRunKeepsTheStoredOnesExits130AndLeavesNoProcess() =>
        StopExperimentMidRunAsync("TERM");

    [LinuxFact]
    public async Task Run_SigintWhileTeamsBrowseAndRunCode_StopsEveryTeamExits130AndLeavesNoProcess()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        await using var server = await ScriptedTeamServer.StartAsync(ScriptedExperiment.Answers, ScriptedExperiment.Key, BusyCode(blockFrom: 1, blocking: 2));
        using var child = M1pProcess.Start(_experiment.Folder, ChildEnvironment,
            "run", "What is two plus two?", "--teams", "2", "--hosted-endpoint", server.BaseUrl.AbsoluteUri, "--hosted-model", "scripted-model",
            "--api-key-env", ScriptedExperiment.KeyVariable, "--work", Work);
        await WhenCodeRunsAsync(child, teams: 2, guard.Token);
        Assert.Contains(Find(), p => p.Contains("chrom", StringComparison.OrdinalIgnoreCase));

        child.Signal("INT");
        var exit = await child.WaitForExitAsync(guard.Token);

        Assert.True(exit == 130, $"exit {exit}\n{child.Output}");
        Assert.Contains("m1p run: cancelled; every team was stopped.", child.Output);
        Assert.DoesNotContain("Answer:", child.Output);
        Assert.Empty(await MarkedProcesses.GoneAsync(MarkerVariable, _marker, ExitGrace));
    }

    [LinuxFact]
    public async Task Experiment_SecondSigintWhileTheFirstStopWaitsForTheStore_ExitsAtOnceWith130AndTheStoreStaysWhole()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        await using var server = await ScriptedTeamServer.StartAsync(ScriptedExperiment.Answers, ScriptedExperiment.Key);
        var spec = _experiment.WriteSpec(server, repetitions: 1, "  - { name: single, kind: single, max_steps: 2 }");

        // Run 2's final answer is held: run 1 is stored, run 2 is about to end.
        server.HoldFrom(TeamRequestKind.FinalAnswer, 2);
        using var child = M1pProcess.Start(_experiment.Folder, ChildEnvironment, "experiment", spec, "--work", Work);
        var exited = child.WaitForExitAsync(guard.Token);
        Assert.True(await Task.WhenAny(server.Holding, exited) == server.Holding, $"m1p exited before the held request\n{child.Output}");

        // The test holds the store's write lock and lets run 2 end: its write waits (up to a minute) for the lock, and
        // a stop waits for that write, as it must not cut a finished run short.
        await using (var writeLock = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString()))
        {
            await writeLock.OpenAsync(guard.Token);
            await using var begin = writeLock.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync(guard.Token);
            server.Release();
            while (!child.HasOpen(StorePath + "-wal"))
            {
                Assert.False(child.HasExited, $"m1p exited before it began writing run 2\n{child.Output}");
                await Task.Delay(TimeSpan.FromMilliseconds(10), guard.Token);
            }

            child.Signal("INT");
            await Task.Delay(TimeSpan.FromSeconds(1), guard.Token);
            Assert.False(child.HasExited, $"the first Ctrl+C did not wait for the run being written\n{child.Output}");
            var clock = Stopwatch.StartNew();
            child.Signal("INT");
            var exit = await child.WaitForExitAsync(guard.Token);
            clock.Stop();

            Assert.True(exit == 130, $"exit {exit}\n{child.Output}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the second Ctrl+C took {clock.Elapsed.TotalSeconds:0.0} s\n{child.Output}");
            Assert.Contains("m1p: Ctrl+C (SIGINT) again: exiting at once; work in progress is lost.", child.Output);
            Assert.DoesNotContain("to resume", child.Output);
            await using var rollback = writeLock.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync(guard.Token);
        }

        Assert.Empty(await MarkedProcesses.GoneAsync(MarkerVariable, _marker, ExitGrace));
        var stored = await (await ResultsStore.OpenAsync(StorePath, guard.Token)).ReadAsync("stop-test", guard.Token);
        Assert.Equal(["a|single|1"], stored.Select(r => KeyOf(r.Key)));
    }

    private async Task StopExperimentMidRunAsync(string signal)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        const int storedBeforeStop = 1;
        await using var server = await ScriptedTeamServer.StartAsync(ScriptedExperiment.Answers, ScriptedExperiment.Key, BusyCode(blockFrom: storedBeforeStop + 1, blocking: 1));
        var spec = _experiment.WriteSpec(server, repetitions: 1, "  - { name: single, kind: single, max_steps: 6, agents: [web_surfer, coder, computer_terminal] }");
        var plan = ScriptedExperiment.Plan(spec);
        Assert.Equal(2, plan.Count);

        // Run 1 browses, runs its code and answers; run 2's code blocks, with its browser open.
        using var child = M1pProcess.Start(_experiment.Folder, ChildEnvironment, "experiment", spec, "--work", Work);
        await WhenCodeRunsAsync(child, teams: 1, guard.Token);
        var running = Find();
        Assert.Contains(running, p => p.Contains("chrom", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(running, p => p.Contains("block_", StringComparison.Ordinal));
        var stored = await (await ResultsStore.OpenAsync(StorePath, guard.Token)).ReadAsync("stop-test", guard.Token);
        Assert.Equal(plan.Take(storedBeforeStop).Select(ScriptedExperiment.KeyOf).Order(), stored.Select(r => KeyOf(r.Key)).Order());

        child.Signal(signal);
        var exit = await child.WaitForExitAsync(guard.Token);

        Assert.True(exit == 130, $"exit {exit}\n{child.Output}");
        Assert.Contains($"to resume, run the same command again: m1p experiment {spec} --work {Work}", child.Output);
        Assert.DoesNotContain($"[{storedBeforeStop + 1}/2]", child.Output);
        Assert.Empty(await MarkedProcesses.GoneAsync(MarkerVariable, _marker, ExitGrace));

        // Exactly the finished runs are stored, whole; the abandoned one is neither stored nor kept for later.
        var after = await (await ResultsStore.OpenAsync(StorePath, guard.Token)).ReadAsync("stop-test", guard.Token);
        Assert.Equal(plan.Take(storedBeforeStop).Select(ScriptedExperiment.KeyOf).Order(), after.Select(r => KeyOf(r.Key)).Order());
        Assert.All(after, r => Assert.True(r.Outcome == RunOutcome.Completed && r.Solved, $"{r.Key}: {r.Outcome} {r.Answer} {r.Error}"));
        Assert.False(File.Exists(ResultsStore.PendingPathOf(StorePath)), "the abandoned run was kept in the pending file");

        // The command it printed resumes: only the run not stored is run.
        using var resumed = M1pProcess.Start(_experiment.Folder, ChildEnvironment, "experiment", spec, "--work", Work);
        var again = await resumed.WaitForExitAsync(guard.Token);
        Assert.True(again == 0, $"exit {again}\n{resumed.Output}");
        Assert.Contains($"done: 1 run now, {storedBeforeStop} already stored, solved 2/2", resumed.Output);
    }

    /// <summary>
    /// Python that counts its runs in a file of the test's own; the <paramref name="blocking"/> runs from the
    /// <paramref name="blockFrom"/>-th on leave a file in their work folder saying they have started, then wait ten minutes.
    /// </summary>
    private string BusyCode(int blockFrom, int blocking) => string.Join('\n',
    [
        "import os, time",
        $"with open({PythonString(Path.Combine(_experiment.Folder, "code-runs.txt"))}, 'a+') as runs:",
        "    runs.write('run\\n')",
        "    runs.seek(0)",
        "    count = len(runs.readlines())",
        $"if {blockFrom.ToString(CultureInfo.InvariantCulture)} <= count < {(blockFrom + blocking).ToString(CultureInfo.InvariantCulture)}:",
        "    open('code-started', 'w').write(str(os.getpid()))",
        "    time.sleep(600)",
        "print('computed')",
    ]);

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>Waits until <paramref name="teams"/> teams' code has started (and so their browsers are open).</summary>
    private async Task WhenCodeRunsAsync(M1pProcess child, int teams, CancellationToken cancellationToken)
    {
        while (!Directory.Exists(Work) || Directory.GetFiles(Work, "code-started", SearchOption.AllDirectories).Length < teams)
        {
            Assert.False(child.HasExited, $"m1p exited before its teams' code ran\n{child.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private IReadOnlyList<string> Find() => MarkedProcesses.Find(MarkerVariable, _marker);

    private static string KeyOf(RunKey key) => $"{key.TaskId}|{key.Method}|{key.Repetition}";
}
