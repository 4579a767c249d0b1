using M1Parallel.TestSupport;
using System.Globalization;
using M1Parallel.Cli.Tests.TestSupport;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Store;
using Microsoft.Data.Sqlite;

namespace M1Parallel.Cli.Tests;

/// <summary>
/// The real <c>m1p experiment</c> as a child process, killed with SIGKILL and started again: its teams run on a
/// hosted backend that is a scripted OpenAI-compatible server on 127.0.0.1, which holds a chosen request so the kill
/// lands at a known point (a run in flight, or a run's write to the store) without any sleep.
/// </summary>
public sealed class ExperimentKillTests : IDisposable
{
    /// <summary>Longest any step may take before it counts as hung (a guard, not a measurement).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    private readonly ScriptedExperiment _experiment = new("kill-test");

    public void Dispose() => _experiment.Dispose();

    private string StorePath => _experiment.StorePath;

    private static Dictionary<string, string> ChildEnvironment => new() { [ScriptedExperiment.KeyVariable] = ScriptedExperiment.Key };

    [LinuxFact]
    public async Task Experiment_KilledWithSigkillMidRunAndRestarted_NoFinishedRunIsLostOrDuplicated()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        await using var server = await ScriptedTeamServer.StartAsync(ScriptedExperiment.Answers, ScriptedExperiment.Key);
        var spec = _experiment.WriteSpec(server, repetitions: 2,
            "  - { name: single, kind: single, max_steps: 2 }",
            "  - { name: es2, kind: early_stop, teams: 2, max_steps: 2 }");
        var plan = ScriptedExperiment.Plan(spec);
        Assert.Equal(8, plan.Count);

        // Each run starts with its planner calls (one per team) before any team call, so the first planner request of
        // run 4 arrives only once runs 1-3 are stored. Holding it (and everything after) stops the child inside run 4.
        const int storedBeforeKill = 3;
        server.HoldFrom(TeamRequestKind.Plan, plan.Take(storedBeforeKill).Sum(r => r.Method.Settings.Teams) + 1);
        using var first = M1pProcess.Start(_experiment.Folder, ChildEnvironment, "experiment", spec, "--work", _experiment.Work);
        await WhenHeldAsync(server, first, guard.Token);

        var beforeKill = await RowsAsync();
        Assert.Equal(plan.Take(storedBeforeKill).Select(ScriptedExperiment.KeyOf).Order(), beforeKill.Keys.Order());
        first.Kill();
        Assert.Equal(137, await first.WaitForExitAsync(guard.Token)); // 128 + SIGKILL: it did not end on its own

        // The store survives the kill whole: intact, readable through the product's own store, the same three runs.
        Assert.Equal("ok", await IntegrityCheckAsync());
        Assert.Equal(beforeKill, await RowsAsync());
        var survivors = await (await ResultsStore.OpenAsync(StorePath, guard.Token)).ReadAsync("kill-test", guard.Token);
        Assert.Equal(storedBeforeKill, survivors.Count);
        Assert.All(survivors, r => Assert.True(r.Outcome == RunOutcome.Completed && r.Solved, $"{r.Key}: {r.Outcome} {r.Answer}"));

        server.Release();
        var plansBeforeRestart = server.Count(TeamRequestKind.Plan);
        using var second = M1pProcess.Start(_experiment.Folder, ChildEnvironment, "experiment", spec, "--work", _experiment.Work);
        var exit = await second.WaitForExitAsync(guard.Token);

        Assert.True(exit == 0, $"exit {exit}\n{second.Output}");
        Assert.Contains($"[{storedBeforeKill}/8] starting; {storedBeforeKill} runs already stored", second.Output);
        Assert.Contains($"done: {8 - storedBeforeKill} run now, {storedBeforeKill} already stored, solved 8/8", second.Output);
        foreach (var run in plan.Take(storedBeforeKill))
        {
            Assert.DoesNotContain($" {run.Method.Name} {run.Task.TaskId}#{run.Repetition} ", second.Output);
        }

        // Only the pending runs asked for plans: the stored ones were not run again.
        Assert.Equal(plan.Skip(storedBeforeKill).Sum(r => r.Method.Settings.Teams), server.Count(TeamRequestKind.Plan) - plansBeforeRestart);
        var afterRestart = await RowsAsync();
        Assert.Equal(plan.Select(ScriptedExperiment.KeyOf).Order(), afterRestart.Keys.Order());
        Assert.Equal(plan.Count, await CountRowsAsync());
        foreach (var (key, row) in beforeKill)
        {
            Assert.Equal(row, afterRestart[key]);
        }
    }

    [LinuxFact]
    public async Task Experiment_KilledWhileWritingARunToTheStore_LosesOnlyThatRunAndTheRestartStoresItOnce()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        await using var server = await ScriptedTeamServer.StartAsync(ScriptedExperiment.Answers, ScriptedExperiment.Key);
        var spec = _experiment.WriteSpec(server, repetitions: 2, "  - { name: single, kind: single, max_steps: 2 }");
        var plan = ScriptedExperiment.Plan(spec);
        Assert.Equal(4, plan.Count);

        // Run 2's final answer is held: run 1 is stored, run 2 is about to end.
        server.HoldFrom(TeamRequestKind.FinalAnswer, 2);
        using var first = M1pProcess.Start(_experiment.Folder, ChildEnvironment, "experiment", spec, "--work", _experiment.Work);
        await WhenHeldAsync(server, first, guard.Token);
        var beforeKill = await RowsAsync();
        Assert.Equal([ScriptedExperiment.KeyOf(plan[0])], beforeKill.Keys);

        // The test takes the store's write lock, then lets run 2 finish: the child's write of run 2 has begun (it has
        // the database and its WAL open) but cannot commit. It is killed there.
        await using (var writeLock = new SqliteConnection(ConnectionString(SqliteOpenMode.ReadWrite)))
        {
            await writeLock.OpenAsync(guard.Token);
            await using var begin = writeLock.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync(guard.Token);
            server.Release();
            while (!(first.HasOpen(StorePath) && first.HasOpen(StorePath + "-wal")))
            {
                Assert.False(first.HasExited, $"m1p exited before it began writing run 2\n{first.Output}");
                await Task.Delay(TimeSpan.FromMilliseconds(10), guard.Token);
            }

            first.Kill();
            Assert.Equal(137, await first.WaitForExitAsync(guard.Token));
            await using var rollback = writeLock.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync(guard.Token);
        }

        Assert.Equal("ok", await IntegrityCheckAsync());
        Assert.Equal(beforeKill, await RowsAsync()); // run 2 finished, but its write never committed: it is not stored

        using var second = M1pProcess.Start(_experiment.Folder, ChildEnvironment, "experiment", spec, "--work", _experiment.Work);
        var exit = await second.WaitForExitAsync(guard.Token);

        Assert.True(exit == 0, $"exit {exit}\n{second.Output}");
        Assert.Contains("[1/4] starting; 1 runs already stored", second.Output);
        Assert.Contains("done: 3 run now, 1 already stored, solved 4/4", second.Output);
        Assert.Contains($" single {plan[1].Task.TaskId}#{plan[1].Repetition} solved", second.Output);
        var afterRestart = await RowsAsync();
        Assert.Equal(plan.Select(ScriptedExperiment.KeyOf).Order(), afterRestart.Keys.Order());
        Assert.Equal(plan.Count, await CountRowsAsync());
        Assert.Equal(beforeKill[ScriptedExperiment.KeyOf(plan[0])], afterRestart[ScriptedExperiment.KeyOf(plan[0])]);
    }

    private static async Task WhenHeldAsync(ScriptedTeamServer server, M1pProcess child, CancellationToken cancellationToken)
    {
        var exited = child.WaitForExitAsync(cancellationToken);
        var done = await Task.WhenAny(server.Holding, exited);
        Assert.True(done == server.Holding, $"m1p exited before the held request\n{child.Output}");
    }

    private string ConnectionString(SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = StorePath, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString();

    /// <summary>Every stored column of every run, as text, by (task, method, repetition).</summary>
    private async Task<Dictionary<string, string>> RowsAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString(SqliteOpenMode.ReadOnly));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM runs ORDER BY task_id, method, repetition;";
        var rows = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var columns = Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
            var key = $"{reader["task_id"]}|{reader["method"]}|{reader["repetition"]}";
            Assert.True(rows.TryAdd(key, string.Join(" | ", columns)), $"run {key} is stored twice");
        }

        return rows;
    }

    private async Task<long> CountRowsAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString(SqliteOpenMode.ReadOnly));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM runs;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string> IntegrityCheckAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString(SqliteOpenMode.ReadWrite));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
