using M1Parallel.Cli.Commands;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;

namespace M1Parallel.Cli.Tests;

public sealed class ExperimentCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-experiment-").FullName;
    private readonly string _spec;

    public ExperimentCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "suite"));
        File.WriteAllLines(Path.Combine(_dir, "suite", "metadata.jsonl"),
        [
            """{"task_id": "a", "Question": "Capital of France?", "Level": "1", "Final answer": "Paris", "file_name": ""}""",
            """{"task_id": "b", "Question": "2+2?", "Level": "2", "Final answer": "4", "file_name": ""}""",
        ]);
        _spec = Path.Combine(_dir, "exp.yaml");
        File.WriteAllText(_spec, """
            name: cli-test
            suite: { path: suite }
            repetitions: 2
            backends: { local: { kind: local, model: m.gguf } }
            methods:
              - { name: single, kind: single }
              - { name: es2, kind: early_stop, teams: 2 }
            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string StorePath => Path.Combine(_dir, "results", "cli-test.db");

    [Fact]
    public async Task Experiment_BackendModelMissing_FailsNamingTheBackendAndRunsNothing()
    {
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", _spec);

        Assert.Equal(3, exit);
        Assert.Contains("backend 'local'", error);
        Assert.Contains("m.gguf", error);
        Assert.Contains("does not exist", error);
        Assert.False(File.Exists(StorePath));
    }

    [Fact]
    public async Task Experiment_UnwiredFactory_FailsNamingTheBackendAndRunsNothing()
    {
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(new UnwiredMethodRunnerFactory(), TimeProvider.System), "experiment", _spec);

        Assert.Equal(3, exit);
        Assert.Contains("no method runner for backend 'local'", error);
        Assert.False(File.Exists(StorePath));
    }

    [Fact]
    public async Task Experiment_WithAMethodRunner_RunsEverythingPrintsProgressAndResumesToNothing()
    {
        var factory = new EchoFactory();
        var command = ExperimentCommand.Create(factory, TimeProvider.System);

        var (exit, output, _) = await ExperimentsCliHarness.InvokeAsync(command, "experiment", _spec);

        Assert.Equal(0, exit);
        Assert.Contains("2 tasks × 2 methods × 2 repetitions = 8 runs", output);
        Assert.Contains("[8/8] es2 b#2 solved", output);
        Assert.Contains("solved 8/8", output);
        var records = await (await ResultsStore.OpenAsync(StorePath, CancellationToken.None)).ReadAsync("cli-test", CancellationToken.None);
        Assert.Equal(8, records.Count);

        var (again, againOutput, _) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System), "experiment", _spec);
        Assert.Equal(0, again);
        Assert.Contains("done: 0 run now, 8 already stored", againOutput);
        Assert.Equal(8, factory.Runner.Calls);
    }

    [Fact]
    public async Task Experiment_MethodChangedSinceItsRunsWereStored_StopsNamingTheChange_DiscardChangedRunsItAnew()
    {
        var factory = new EchoFactory();
        await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System), "experiment", _spec);
        File.WriteAllText(_spec, File.ReadAllText(_spec).Replace("teams: 2 }", "teams: 2, max_steps: 8 }"));

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System), "experiment", _spec);

        Assert.Equal(2, exit);
        Assert.Contains("method 'es2' has 4 stored run(s) made with other settings (method.max_steps: 20 → 8)", error);
        Assert.Equal(8, factory.Runner.Calls);

        var (dry, _, warning) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System), "experiment", _spec, "--dry-run");
        Assert.Equal(0, dry);
        Assert.Contains("warning: Experiment 'cli-test': method 'es2'", warning);

        var (discard, output, _) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System), "experiment", _spec, "--discard-changed");
        Assert.Equal(0, discard);
        Assert.Contains("discarded 4 stored run(s) of changed method(s) es2", output);
        Assert.Contains("done: 4 run now, 4 already stored", output);
        Assert.Equal(12, factory.Runner.Calls);
        var records = await (await ResultsStore.OpenAsync(StorePath, CancellationToken.None)).ReadAsync("cli-test", CancellationToken.None);
        Assert.Equal(8, records.Count);
    }

    [Fact]
    public async Task Experiment_HostedBackendNotReachable_FailsNamingItBeforeAnythingRuns()
    {
        File.WriteAllText(_spec, """
            name: cli-test
            suite: { path: suite }
            backends:
              local: { kind: local, model: m.gguf }
              gpt: { kind: hosted, model: gpt-4o, base_url: "http://127.0.0.1:1/v1" }
            methods:
              - { name: agg, kind: aggregate, teams: 2, aggregator: llm, backend: local, routes: { aggregator: gpt } }
            """);
        var factory = new EchoFactory();

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System), "experiment", _spec);

        Assert.Equal(3, exit);
        Assert.Contains("error: backend 'gpt': http://127.0.0.1:1/v1 cannot be reached", error);
        Assert.Equal(0, factory.Runner.Calls);
        Assert.False(File.Exists(StorePath));

        var (dry, _, warning) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System), "experiment", _spec, "--dry-run");
        Assert.Equal(0, dry);
        Assert.Contains("warning: backend 'gpt': http://127.0.0.1:1/v1 cannot be reached", warning);
    }

    [Fact]
    public async Task Experiment_DryRun_ShowsThePlanWithoutRunning()
    {
        var factory = new EchoFactory();

        var (exit, output, _) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System), "experiment", _spec, "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("dry run: 0 runs already stored, 8 to run", output);
        Assert.Equal(0, factory.Runner.Calls);
    }

    [Fact]
    public async Task Experiment_InvalidSpec_FailsNamingLineAndKey()
    {
        File.WriteAllText(_spec, "name: x\nsuite: { path: suite }\nbackends: { local: { kind: local, model: m } }\nmethods:\n  - { name: es, kind: early_stop, teams: 1 }\n");

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", _spec);

        Assert.Equal(2, exit);
        Assert.Contains("exp.yaml:5:", error);
        Assert.Contains("methods[0].teams", error);
    }

    [Fact]
    public async Task Experiment_MissingSuite_FailsNamingTheFolder()
    {
        Directory.Delete(Path.Combine(_dir, "suite"), recursive: true);

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", _spec);

        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public async Task Experiment_RunKeptPendingByAnEarlierSession_IsRecoveredIntoTheStoreAndNotRunAgain()
    {
        // An earlier session finished (a, single, 1) but the store was locked: the run went to the pending file.
        var earlier = await ResultsStore.OpenAsync(StorePath, new ResultsStoreOptions { BusyTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        var kept = new RunRecord("cli-test", "a", "single", 1, 1, "Paris", true, 12, 10, 1, 0, [], "[]",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, RunOutcome.Completed, null);
        await using (var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            await holder.OpenAsync();
            await using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
            await Assert.ThrowsAsync<ResultsStoreWriteException>(() => earlier.SaveAsync(kept, CancellationToken.None));
        }

        var factory = new EchoFactory();
        var (exit, output, _) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System), "experiment", _spec);

        Assert.Equal(0, exit);
        Assert.Contains($"recovered 1 finished run(s) from {earlier.PendingPath}", output);
        Assert.Contains("done: 7 run now, 1 already stored", output);
        Assert.Equal(7, factory.Runner.Calls);
        Assert.False(File.Exists(earlier.PendingPath));
        var records = await (await ResultsStore.OpenAsync(StorePath, CancellationToken.None)).ReadAsync("cli-test", CancellationToken.None);
        Assert.Equal(8, records.Count);
        Assert.Equal(12, records.Single(r => r.Key == kept.Key).LatencySeconds);
    }

    [Fact]
    public async Task Experiment_Telemetry_HandsTheMethodRunnersALoggerFactory_AndNoneWithoutTheFlag()
    {
        var seen = new List<Microsoft.Extensions.Logging.ILoggerFactory?>();
        IMethodRunnerFactory FactoryFor(ExperimentCommand.ExperimentSettings settings)
        {
            seen.Add(settings.LoggerFactory);
            return new EchoFactory();
        }

        var (plain, _, _) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(FactoryFor, TimeProvider.System), "experiment", _spec);
        File.Delete(StorePath);
        var (traced, _, _) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(FactoryFor, TimeProvider.System), "experiment", _spec, "--telemetry", "console");

        Assert.Equal(0, plain);
        Assert.Equal(0, traced);
        Assert.Equal(2, seen.Count);
        Assert.IsType<Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory>(seen[0]);
        Assert.IsNotType<Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory>(seen[1]);
    }

    [Fact]
    public async Task Experiment_OtlpEndpointWithoutOtlpTelemetry_ExitsTwoNamingTheFixAndRunsNothing()
    {
        var factory = new EchoFactory();

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(factory, TimeProvider.System),
            "experiment", _spec, "--otlp-endpoint", "http://127.0.0.1:4317");

        Assert.Equal(2, exit);
        Assert.Contains("--otlp-endpoint needs --telemetry otlp", error);
        Assert.Equal(0, factory.Runner.Calls);
    }

    private sealed class EchoFactory : IMethodRunnerFactory
    {
        public EchoRunner Runner { get; } = new();

        public IMethodRunner Create(ExperimentSpec spec) => Runner;
    }

    private sealed class EchoRunner : IMethodRunner
    {
        public int Calls { get; private set; }

        public Task<MethodRunResult> RunAsync(TaskItem task, MethodSpec method, int repetition, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new MethodRunResult($"FINAL ANSWER: {task.FinalAnswer}", 10, 1, 0, [new TeamSummary(0, "answered", task.FinalAnswer, 0.1, 1, 10, 1)]));
        }
    }
}
