using M1Parallel.Benchmarks.Traces;
using M1Parallel.Cli.Commands;
using M1Parallel.Cli.Tests.TestSupport;
using M1Parallel.Experiments.Estimation;
using M1Parallel.Experiments.Store;

namespace M1Parallel.Cli.Tests;

/// <summary><c>m1p trace export</c> on runs the real experiment stored with the tiny local model, read back by the trace reader.</summary>
public sealed class TraceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-trace-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Export_StoredRunsOfATask_WritesATraceOfTheirCallsThatTheReaderLoads()
    {
        var store = await RunTinyExperimentAsync();
        var record = (await (await ResultsStore.OpenAsync(store, CancellationToken.None)).ReadAsync("tiny", CancellationToken.None)).OrderBy(r => r.Repetition).ToList();
        var path = Path.Combine(_dir, "trace.json");

        var (exit, output, error) = await ExperimentsCliHarness.InvokeAsync(TraceCommand.Create(), "trace", "export", "--store", store, "--method", "single", "--out", path);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("wrote", output);
        var trace = AgentTrace.Load(path);
        Assert.Equal(AgentTrace.RecordedOrigin, trace.Origin);
        Assert.Equal("tiny-single-t1", trace.Name);
        Assert.Equal(2, trace.Teams.Count); // one team per repetition of the single-team method
        for (var i = 0; i < 2; i++)
        {
            var team = record[i].Teams[0];
            Assert.Equal(team.Timeline!.Count, trace.Teams[i].Calls.Count);
            Assert.Equal(team.CompletionTokens, trace.Teams[i].Calls.Sum(c => c.OutputTokens));
        }

        // Each call's start was recorded, so the time between calls is known.
        Assert.DoesNotContain("no recorded start time", trace.Description);
        Assert.Contains("method single, task t1, repetition(s) 1, 2", trace.Description);
    }

    [Fact]
    public async Task Export_MethodNotInTheStore_FailsNamingTheStoredMethods()
    {
        var store = Path.Combine(_dir, "one.db");
        var results = await ResultsStore.OpenAsync(store, CancellationToken.None);
        var team = new TeamSummary(0, "answered", "4", 3, 1, 120, 9, [new UsagePoint(1, 100, 5, 0), new UsagePoint(3, 120, 9, 2)]);
        var now = DateTimeOffset.UtcNow;
        await results.SaveAsync(new RunRecord("tiny", "t1", "single", 1, 1, "4", true, 3, 120, 9, 0, [team], "[]", now, now, RunOutcome.Completed, null), CancellationToken.None);

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(TraceCommand.Create(), "trace", "export", "--store", store, "--method", "early-stop-3", "--out", Path.Combine(_dir, "t.json"));

        Assert.Equal(2, exit);
        Assert.Contains("experiment tiny has no runs of method 'early-stop-3'; its methods are single", error);
        Assert.False(File.Exists(Path.Combine(_dir, "t.json")));
    }

    [Fact]
    public async Task Export_MissingStore_FailsNamingIt()
    {
        var missing = Path.Combine(_dir, "none.db");

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(TraceCommand.Create(), "trace", "export", "--store", missing, "--method", "single", "--out", Path.Combine(_dir, "t.json"));

        Assert.Equal(2, exit);
        Assert.Contains($"results store {missing} not found", error);
    }

    /// <summary>Runs a single-team method twice on one task with the tiny model (its team makes a few calls and stops);
    /// returns the store's path.</summary>
    private async Task<string> RunTinyExperimentAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "suite"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "suite", "metadata.jsonl"),
            """{"task_id": "t1", "Question": "What is 2+2?", "Level": "1", "Final answer": "4", "file_name": ""}""" + "\n");
        var spec = Path.Combine(_dir, "tiny.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: tiny
            suite: {"{"} path: suite {"}"}
            repetitions: 2
            timeouts: {"{"} run_seconds: 600 {"}"}
            backends:
              local: {"{"} kind: local, model: '{TestModels.StoriesChatMl}', context_tokens: 8192, sequences: 1, max_output_tokens: 8 {"}"}
            methods:
              - {"{"} name: single, kind: single, max_steps: 1, max_ledger_attempts: 2 {"}"}
            """);

        var (exit, output, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", spec, "--work", Path.Combine(_dir, "work"), "--threads", "1");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        return Path.Combine(_dir, "results", "tiny.db");
    }
}
