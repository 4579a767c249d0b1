using M1Parallel.Aggregation;
using M1Parallel.Cli.Commands;
using M1Parallel.Experiments.Methods;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Routing;
using Microsoft.Extensions.AI;

namespace M1Parallel.Cli.Tests;

public sealed class AggregateCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-aggregate-").FullName;
    private readonly string _spec;
    private readonly List<string> _backendsAskedFor = [];
    private readonly TestChatClient _judge;

    public AggregateCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "suite"));
        File.WriteAllLines(Path.Combine(_dir, "suite", "metadata.jsonl"),
        [
            """{"task_id": "a", "Question": "Capital of France?", "Level": "1", "Final answer": "Paris", "file_name": ""}""",
            """{"task_id": "b", "Question": "2+2?", "Level": "2", "Final answer": "4", "file_name": ""}""",
        ]);
        _spec = Path.Combine(_dir, "exp.yaml");
        File.WriteAllText(_spec, """
            name: agg-test
            suite: { path: suite }
            repetitions: 3
            backends:
              local: { kind: local, model: m.gguf }
              judge: { kind: hosted, model: judge-model, base_url: "http://judge.invalid/v1", prompt_usd_per_million: 1000000, completion_usd_per_million: 0 }
            methods:
              - { name: single, kind: single, backend: local }
              - { name: par3, kind: aggregate, teams: 3, k: 3, aggregator: majority, backend: local }
            """);

        // The judge picks what the transcript it was shown says it found.
        _judge = new TestChatClient
        {
            OnResponse = (messages, _, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant,
                messages.Any(m => m.Text.Contains("found Paris", StringComparison.Ordinal)) ? "Team 3 checked.\n**FINAL ANSWER:** Paris" : "FINAL ANSWER: 5"))
            {
                Usage = new UsageDetails { InputTokenCount = 2, OutputTokenCount = 1 },
            },
        };
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string StorePath => Path.Combine(_dir, "results", "agg-test.db");

    private Task<(int ExitCode, string Output, string Error)> AggregateAsync(params string[] args) =>
        ExperimentsCliHarness.InvokeAsync(
            AggregateCommand.Create((_, backend, _) => { _backendsAskedFor.Add(backend); return new Judge(_judge); }, TimeProvider.System),
            ["aggregate", _spec, .. args]);

    private static TeamSummary Team(int index, string answer, bool withMessages = true) => new(
        index, "answered", answer, 10 + index, 4, 100, 10, null, "final answer",
        withMessages
            ? [new TeamMessage("user", "the task", false), new TeamMessage("WebSurfer", $"found {answer}", false), new TeamMessage("Orchestrator", $"FINAL ANSWER: {answer}", true)]
            : null);

    private static RunRecord Run(string task, string method, int repetition, string? answer, bool solved, params TeamSummary[] teams) => new(
        "agg-test", task, method, repetition, task == "a" ? 1 : 2, answer, solved, 20, 300, 30, 0.5, teams,
        """[{"offset_seconds":12,"kind":"decided","team":null,"attempt":null,"message":"3 answers"},{"offset_seconds":15,"kind":"aggregated","team":null,"attempt":null,"message":"majority"}]""",
        T0.AddMinutes(repetition), T0.AddMinutes(repetition).AddSeconds(20), RunOutcome.Completed, null);

    /// <summary>Stores par3's runs (majority wrong on a, right on b) and single's three runs per task, as an experiment would.</summary>
    private async Task<ResultsStore> SeedAsync(bool withMessages = true)
    {
        var store = await ResultsStore.OpenAsync(StorePath, CancellationToken.None);
        await new MethodChangeCheck(store).RecordAsync(ExperimentSpecLoader.LoadFile(_spec), CancellationToken.None);
        await store.SaveAsync(Run("a", "par3", 1, "London", false, Team(0, "London", withMessages), Team(1, "London", withMessages), Team(2, "Paris", withMessages)), CancellationToken.None);
        await store.SaveAsync(Run("b", "par3", 1, "4", true, Team(0, "4", withMessages), Team(1, "4", withMessages), Team(2, "5", withMessages)), CancellationToken.None);
        string[][] singles = [["Paris", "London", "Paris"], ["3", "5", "3"]];
        foreach (var (task, answers) in new[] { ("a", singles[0]), ("b", singles[1]) })
        {
            for (var r = 1; r <= 3; r++)
            {
                await store.SaveAsync(Run(task, "single", r, answers[r - 1], answers[r - 1] is "Paris" or "4", Team(0, answers[r - 1], withMessages)), CancellationToken.None);
            }
        }

        return store;
    }

    [Fact]
    public async Task Aggregate_LlmOverParallelRuns_StoresADerivedMethodWithTheJudgesAnswersAndScores()
    {
        var store = await SeedAsync();

        var (exit, output, error) = await AggregateAsync("--method", "par3", "--aggregator", "llm", "--backend", "judge");

        Assert.True(exit == 0, error);
        Assert.Contains("par3+llm@judge", output);
        var derived = (await store.ReadAsync("agg-test", CancellationToken.None)).Where(r => r.Method == "par3+llm@judge").OrderBy(r => r.TaskId).ToArray();
        Assert.Equal(["a", "b"], derived.Select(r => r.TaskId));
        Assert.Equal(("Paris", true), (derived[0].Answer, derived[0].Solved));
        Assert.Equal(("5", false), (derived[1].Answer, derived[1].Solved));
        Assert.Equal(300 + 2, derived[0].PromptTokens);
        Assert.Equal(0.5 + 2.0, derived[0].CostUsd, 9);
        Assert.Equal(3, derived[0].Teams.Count);
        Assert.True(derived[0].LatencySeconds >= 12 && derived[0].LatencySeconds < 15, $"latency {derived[0].LatencySeconds}: the source's decision (12 s) plus the new aggregator's time");
        Assert.Contains("\"aggregated\"", derived[0].EventsJson);

        // Only the judge was asked, once per derived run, with the teams' messages as chat messages: no team ran.
        Assert.Equal(["judge"], _backendsAskedFor);
        Assert.Equal(2, _judge.Requests.Count);
        Assert.Contains(_judge.Requests[0].Messages, m => m.Role == ChatRole.User && m.Text == "[WebSurfer]\nfound Paris");

        var config = MethodConfiguration.Read((await store.GetMethodConfigsAsync("agg-test", CancellationToken.None))["par3+llm@judge"])!;
        Assert.Equal("par3", config["derived.from"]);
        Assert.Equal("llm", config["method.aggregator"]);
        Assert.Equal("judge", config["method.routes.aggregator"]);
        Assert.Equal("judge-model", config["backends.judge.model"]);
        var messages = await store.ReadTeamMessagesAsync("agg-test", "par3+llm@judge", CancellationToken.None);
        Assert.Equal(3, messages.Values.First().Count);
    }

    [Fact]
    public async Task Aggregate_RunAgain_StoresNothingMoreAndSaysSo()
    {
        var store = await SeedAsync();
        await AggregateAsync("--method", "par3", "--aggregator", "llm", "--backend", "judge");
        static async Task<string[]> RowsAsync(ResultsStore store) =>
            (await store.ReadAsync("agg-test", CancellationToken.None)).Select(r => $"{r.Key} {r.Answer} {r.Solved} {r.FinishedAt:O}").ToArray();
        var before = await RowsAsync(store);

        var (exit, output, _) = await AggregateAsync("--method", "par3", "--aggregator", "llm", "--backend", "judge");

        Assert.Equal(0, exit);
        Assert.Contains("already holds all 2 derived runs", output);
        Assert.Equal(2, _judge.Requests.Count);
        Assert.Equal(before, await RowsAsync(store));
    }

    [Fact]
    public async Task Aggregate_MajorityOverSequentialSingleTeamRuns_MakesOneRunOfThreePerTask()
    {
        var store = await SeedAsync();

        var (exit, output, error) = await AggregateAsync("--method", "single", "--aggregator", "majority");

        Assert.True(exit == 0, error);
        Assert.Contains("single+majority", output);
        var derived = (await store.ReadAsync("agg-test", CancellationToken.None)).Where(r => r.Method == "single+majority").OrderBy(r => r.TaskId).ToArray();
        Assert.Equal([("a", 1, "Paris", true), ("b", 1, "3", false)], derived.Select(r => (r.TaskId, r.Repetition, r.Answer, r.Solved)));
        Assert.Equal([0, 1, 2], derived[0].Teams.Select(t => t.Team));
        Assert.Equal(60, derived[0].LatencySeconds, 0);
        Assert.Equal(900, derived[0].PromptTokens);
        Assert.Empty(_backendsAskedFor);
        var config = MethodConfiguration.Read((await store.GetMethodConfigsAsync("agg-test", CancellationToken.None))["single+majority"])!;
        Assert.Equal(("aggregate", "3", "3", "majority"), (config["method.kind"], config["method.teams"], config["method.k"], config["method.aggregator"]));
    }

    [Fact]
    public async Task Aggregate_BestOfK_ScoresWithTheStoresScorer()
    {
        var store = await SeedAsync();

        var (exit, _, error) = await AggregateAsync("--method", "par3", "--aggregator", "best_of_k");

        Assert.True(exit == 0, error);
        var derived = (await store.ReadAsync("agg-test", CancellationToken.None)).Where(r => r.Method == "par3+best_of_k").ToArray();
        Assert.All(derived, r => Assert.True(r.Solved));
    }

    [Fact]
    public async Task Aggregate_LlmOverRunsStoredWithoutMessages_FailsClearlyAndStoresNothing()
    {
        var store = await SeedAsync(withMessages: false);

        var (exit, _, error) = await AggregateAsync("--method", "par3", "--aggregator", "llm", "--backend", "judge");

        Assert.Equal(2, exit);
        Assert.Contains("without their messages", error);
        Assert.DoesNotContain(await store.ReadAsync("agg-test", CancellationToken.None), r => r.Method.StartsWith("par3+", StringComparison.Ordinal));
        Assert.Empty(_judge.Requests);
    }

    [Fact]
    public async Task Aggregate_UnknownMethod_FailsNamingTheMethods()
    {
        await SeedAsync();

        var (exit, _, error) = await AggregateAsync("--method", "nope", "--aggregator", "majority");

        Assert.Equal(2, exit);
        Assert.Contains("single, par3", error);
    }

    /// <summary>Serves the judge backend only.</summary>
    private sealed class Judge(IChatClient client) : IBackendClientProvider
    {
        public IChatClient GetClient(string backendName) => backendName == "judge" ? client : throw new MethodRunnerUnavailableException($"no backend '{backendName}' here");
    }
}
