using M1Parallel.Cli.Commands;
using M1Parallel.Cli.Hosting;
using M1Parallel.Cli.Tests.TestSupport;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Memory;

namespace M1Parallel.Cli.Tests;

/// <summary><c>m1p experiment</c> shows each local backend's memory plan (weights, KV cache per sequence, compute
/// buffers, against the free memory) before anything loads, and stops with the fix when the plan does not fit.</summary>
public sealed class ExperimentMemoryPlanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-memory-").FullName;
    private readonly string _spec;

    public ExperimentMemoryPlanTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "suite"));
        File.WriteAllLines(Path.Combine(_dir, "suite", "metadata.jsonl"),
        [
            """{"task_id": "a", "Question": "Capital of France?", "Level": "1", "Final answer": "Paris", "file_name": ""}""",
        ]);
        _spec = Path.Combine(_dir, "exp.yaml");
        File.WriteAllText(_spec, $"""
            name: memory-test
            suite: {"{"} path: suite {"}"}
            backends: {"{"} local: {"{"} kind: local, model: '{TestModels.StoriesChatMl}', context_per_sequence: 2048 {"}"} {"}"}
            methods:
              - {"{"} name: single, kind: single {"}"}
              - {"{"} name: es2, kind: early_stop, teams: 2 {"}"}
            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Func<int, MemoryDevice> Free(long bytes) => _ => new MemoryDevice("test memory", bytes, IsGpu: false, "injected");

    [Fact]
    public async Task DryRun_LocalBackend_PrintsItsMemoryPlanForTheTeamsRunAtOnce()
    {
        var (exit, output, error) = await ExperimentsCliHarness.InvokeAsync(
            ExperimentCommand.Create(new NoRuns(), TimeProvider.System, Free(1L << 30)), "experiment", _spec, "--dry-run");

        Assert.True(exit == 0, error);
        Assert.Contains("memory plan of backend 'local' (stories260K-chatml.gguf, llama):", output);
        // stories260K: 2 (K and V) × 5 layers × 4 KV heads × 8 wide × 2 bytes = 640 bytes a token.
        Assert.Contains("2 sequences × 2,048 tokens × 640 B/token (f16) = 1.3 MiB per sequence", output);
        Assert.Contains("compute buffers", output);
        Assert.Contains("of 1.00 GiB free (test memory, injected)", output);
        Assert.DoesNotContain("warning", error);
    }

    [Fact]
    public async Task DryRun_CatalogModelNotDownloadedWithASettingThatCannotApply_WarnsAndDoesNotStop()
    {
        // The catalog is found from the working folder upwards (the repository's models/catalog.json).
        var spec = Path.Combine(_dir, "catalog.yaml");
        await File.WriteAllTextAsync(spec, """
            name: catalog-test
            suite: { path: suite }
            backends: { local: { kind: local, model: qwen3-32b-q4_k_m, context_per_sequence: 100000000, sequences: 256 } }
            methods:
              - { name: single, kind: single }
            """);

        var (exit, output, error) = await ExperimentsCliHarness.InvokeAsync(
            ExperimentCommand.Create(new NoRuns(), TimeProvider.System, Free(1L << 30)), "experiment", spec, "--dry-run");

        Assert.True(exit == 0, error);
        Assert.Contains("warning: no memory plan: backend 'local': context_per_sequence:", error);
        Assert.Contains("dry run:", output);
    }

    [Fact]
    public async Task DryRun_PlanThatDoesNotFit_WarnsThatTheExperimentWouldStopNamingTheFix()
    {
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(
            ExperimentCommand.Create(new NoRuns(), TimeProvider.System, Free(6L << 20)), "experiment", _spec, "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("warning: the experiment would stop before its first run here: backend 'local' does not fit in memory", error);
        Assert.Contains("fewer sequences (sequences: 1", error);
    }

    [Fact]
    public async Task Experiment_PlanThatDoesNotFit_StopsBeforeAnyModelLoadsNamingTheFix()
    {
        var log = new StringWriter();
        var command = ExperimentCommand.Create(
            settings => new BackendMethodRunnerFactory(new BackendHostOptions { Log = log, FreeMemory = Free(6L << 20) }, settings.WorkFolder, TimeProvider.System),
            TimeProvider.System);

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(command, "experiment", _spec);

        Assert.Equal(3, exit);
        Assert.Contains("error: backend 'local' does not fit in memory: it needs", error);
        Assert.Contains("Fix: fewer sequences", error);
        Assert.Contains("memory plan of backend 'local'", log.ToString());
        Assert.DoesNotContain("loading", log.ToString());
    }

    private sealed class NoRuns : IMethodRunnerFactory
    {
        public IMethodRunner Create(ExperimentSpec spec) => throw new InvalidOperationException("a dry run starts no backend");
    }
}
