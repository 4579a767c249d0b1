using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Running;

/// <summary>A resumed experiment never mixes runs made with other settings into a method's results.</summary>
public sealed class MethodChangeTests : IDisposable
{
    private static readonly TaskItem[] Tasks =
    [
        new("t1", "Capital of France?", 1, "Paris", null, null),
        new("t2", "2+2?", 2, "4", null, null),
    ];

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => _dir.Dispose();

    private static ExperimentSpec Spec(string esSettings = "", string model = "models/q.gguf", string folder = "/x", string extra = "", string localExtra = "") => ExperimentSpecLoader.Parse(
        $"""
        name: change-test
        suite: {"{"} path: s {"}"}
        backends:
          local: {"{"} kind: local, model: {model}{localExtra} {"}"}
          other: {"{"} kind: local, model: other.gguf{extra} {"}"}
        methods:
          - {"{"} name: single, kind: single, backend: local {"}"}
          - {"{"} name: es2, kind: early_stop, teams: 2, backend: local{esSettings} {"}"}
        """,
        Path.Combine(folder, "spec.yaml"));

    private Task<ResultsStore> StoreAsync() => ResultsStore.OpenAsync(Path.Combine(_dir.Path, "r.db"), CancellationToken.None);

    private ScriptedMethodRunner Methods() => new(_clock, run => new(1, $"FINAL ANSWER: {run.Task.FinalAnswer}"));

    [Fact]
    public void Describe_SameSpec_IsTheSameText()
    {
        var spec = Spec();

        Assert.Equal(MethodConfiguration.Describe(spec, spec.Methods[1]), MethodConfiguration.Describe(Spec(), Spec().Methods[1]));
        Assert.NotEqual(MethodConfiguration.Describe(spec, spec.Methods[0]), MethodConfiguration.Describe(spec, spec.Methods[1]));
    }

    [Fact]
    public void Differences_NameEachChangedSettingWithBothValues()
    {
        var before = Spec();
        var after = Spec(", max_steps: 5, replans: 1", model: "models/q8.gguf");

        var differences = MethodConfiguration.Differences(
            MethodConfiguration.Describe(before, before.Methods[1]), MethodConfiguration.Describe(after, after.Methods[1]));

        Assert.Equal(["backends.local.model: q.gguf → q8.gguf", "method.max_steps: 20 → 5", "method.replans: 0 → 1"], differences);
    }

    [Fact]
    public void Differences_ModelFolderMovedOrAnUnusedBackendChanged_AreNoChange()
    {
        var before = Spec();
        var after = Spec(folder: "/elsewhere", extra: ", threads: 1");

        Assert.Empty(MethodConfiguration.Differences(
            MethodConfiguration.Describe(before, before.Methods[1]), MethodConfiguration.Describe(after, after.Methods[1])));
    }

    [Fact]
    public void Differences_StoredBeforeMaxLedgerAttempts_ReadsAsThree_SoTodaysDefaultOfTenIsAChange()
    {
        var spec = Spec();
        var current = MethodConfiguration.Describe(spec, spec.Methods[1]);
        var stored = current.Replace("\"method.max_ledger_attempts\":\"10\",", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("max_ledger_attempts", stored, StringComparison.Ordinal);

        Assert.Equal(["method.max_ledger_attempts: 3 → 10"], MethodConfiguration.Differences(stored, current));
    }

    [Fact]
    public void Differences_StoredBeforeOnLimit_ReadsAsBestGuess_SoTodaysDefaultIsAChange()
    {
        var spec = Spec();
        var current = MethodConfiguration.Describe(spec, spec.Methods[1]);
        var stored = current.Replace("\"method.on_limit\":\"fail\",", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("on_limit", stored, StringComparison.Ordinal);

        Assert.Equal(["method.on_limit: best_guess → fail"], MethodConfiguration.Differences(stored, current));
    }

    [Fact]
    public void Differences_StoredBeforeCodeNetwork_ReadsAsNoNetwork_SoTodaysDefaultForAnOnlineSuiteIsAChange()
    {
        var spec = Spec();
        var current = MethodConfiguration.Describe(spec, spec.Methods[1]);
        var stored = current.Replace("\"method.code_network\":\"true\",", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("code_network", stored, StringComparison.Ordinal);

        Assert.Equal(["method.code_network: false → true"], MethodConfiguration.Differences(stored, current));
        Assert.Equal("false", MethodConfiguration.Read(stored)!["method.code_network"]);
    }

    [Fact]
    public void Differences_ContextPerSequenceOrKvCacheTypeChanged_NameEachChange()
    {
        var before = Spec(localExtra: ", context_tokens: 8192");
        var after = Spec(localExtra: ", context_per_sequence: 4096, kv_cache_type: q8_0");

        var differences = MethodConfiguration.Differences(
            MethodConfiguration.Describe(before, before.Methods[1]), MethodConfiguration.Describe(after, after.Methods[1]));

        Assert.Equal(
            ["backends.local.context_per_sequence: - → 4096", "backends.local.context_tokens: 8192 → -", "backends.local.kv_cache_type: f16 → q8_0"],
            differences);
    }

    [Fact]
    public void Differences_KeysOnlyOneSideHas_AreNotCompared_UnreadableTextIsOneChange()
    {
        Assert.Empty(MethodConfiguration.Differences("""{"method.teams":"2","method.future":"x"}""", """{"method.teams":"2"}"""));
        Assert.Single(MethodConfiguration.Differences("not json", """{"method.teams":"2"}"""));
    }

    [Fact]
    public async Task Run_MethodChangedSinceItsRunsWereStored_StopsBeforeRunningAnythingAndNamesTheChange()
    {
        var store = await StoreAsync();
        await new ExperimentRunner(store, Methods(), _clock).RunAsync(Spec(), Tasks, false, null, CancellationToken.None);
        var again = Methods();

        var e = await Assert.ThrowsAsync<ExperimentChangedException>(() =>
            new ExperimentRunner(store, again, _clock).RunAsync(Spec(", max_steps: 5"), Tasks, false, null, CancellationToken.None));

        Assert.Empty(again.Calls);
        var changed = Assert.Single(e.Changed);
        Assert.Equal("es2", changed.Method);
        Assert.Equal(2, changed.StoredRuns);
        Assert.Equal(["method.max_steps: 20 → 5"], changed.Differences);
        Assert.Contains("method 'es2' has 2 stored run(s)", e.Message);
        Assert.Contains("--discard-changed", e.Message);
        Assert.Equal(4, (await store.ReadAsync("change-test", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Run_SameSettings_Resumes_AndANewMethodJustRuns()
    {
        var store = await StoreAsync();
        var first = Methods();
        await new ExperimentRunner(store, first, _clock).RunAsync(Spec(), Tasks, false, null, CancellationToken.None);
        var again = Methods();

        var summary = await new ExperimentRunner(store, again, _clock).RunAsync(Spec(), Tasks, false, null, CancellationToken.None);

        Assert.Equal(4, summary.Skipped);
        Assert.Empty(again.Calls);
    }

    [Fact]
    public async Task Discard_DeletesOnlyTheChangedMethodsRuns_ThenTheyRunAnewUnderTheNewSettings()
    {
        var store = await StoreAsync();
        await new ExperimentRunner(store, Methods(), _clock).RunAsync(Spec(), Tasks, false, null, CancellationToken.None);
        var changedSpec = Spec(", planning: repeated");
        var check = new MethodChangeCheck(store);

        var deleted = await check.DiscardAsync(changedSpec, await check.FindAsync(changedSpec, CancellationToken.None), CancellationToken.None);
        var again = Methods();
        var summary = await new ExperimentRunner(store, again, _clock).RunAsync(changedSpec, Tasks, false, null, CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal(["es2", "es2"], again.Calls.Select(c => c.Method.Name));
        Assert.Equal(2, summary.Skipped);
        Assert.Empty(await check.FindAsync(changedSpec, CancellationToken.None));
        Assert.NotEmpty(await check.FindAsync(Spec(), CancellationToken.None)); // the old settings now differ from the stored runs
    }
}
