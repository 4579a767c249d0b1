using System.Text.Json;
using M1Parallel.Experiments.Methods;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Experiments.Tests.TestSupport;
using M1Parallel.Routing;
using Microsoft.Extensions.AI;

namespace M1Parallel.Experiments.Tests.Methods;

public sealed class ExperimentMethodRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ExperimentMethodRunnerTests()
    {
        _dir.File("suite/metadata.jsonl", """{"task_id": "t1", "Question": "What is 6 times 7?", "Level": "1", "Final answer": "42", "file_name": "numbers.csv"}""" + "\n");
        _dir.File("suite/numbers.csv", "a,b\n6,7\n");
        _dir.File("suite/site/index.html", "<html><head><title>Home</title></head><body><p>Six times seven is forty-two.</p></body></html>");
    }

    public void Dispose() => _dir.Dispose();

    private TaskItem Task1 => GaiaSuite.Load(Path.Combine(_dir.Path, "suite")).Single();

    private ExperimentSpec Spec(string methods, string extraBackends = "") => ExperimentSpecLoader.Parse(
        $"""
        name: methods-test
        suite: {"{"} path: suite {"}"}
        backends:
          local: {"{"} kind: local, model: m.gguf, prompt_usd_per_million: 1, completion_usd_per_million: 2 {"}"}
        {extraBackends}
        methods:
        {methods}
        """,
        Path.Combine(_dir.Path, "spec.yaml"));

    private static async Task<MethodRunResult> RunAsync(IMethodRunner runner, TaskItem task, MethodSpec method, CancellationToken cancellationToken = default) =>
        await runner.RunAsync(task, method, 1, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

    [Fact]
    public async Task Single_OneTeamAnswers_WithTokensCostTeamSummaryAndEvents()
    {
        var model = new ScriptedModel();
        var spec = Spec("  - { name: single, kind: single, max_steps: 3 }");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", model))).Create(spec);

        var result = await RunAsync((IMethodRunner)runner, Task1, spec.Methods[0]);

        Assert.Equal("42", result.Answer);
        // No planner call: the orchestrator's facts, plan, progress ledger and final answer, 4 calls of 100 + 10 tokens.
        Assert.Equal(400, result.PromptTokens);
        Assert.Equal(40, result.CompletionTokens);
        Assert.Equal((400 * 1 + 40 * 2) / 1_000_000.0, result.CostUsd, 12);
        var team = Assert.Single(result.Teams);
        Assert.Equal("answered", team.Status);
        Assert.Equal("42", team.Answer);
        Assert.Equal(400, team.PromptTokens);
        Assert.Equal(400, team.Timeline![^1].PromptTokens);
        Assert.NotNull(result.LatencySeconds);
        using var events = JsonDocument.Parse(result.EventsJson);
        var kinds = events.RootElement.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal("planned", kinds[0]);
        Assert.Contains("answered", kinds);
        Assert.Equal("finished", kinds[^1]);
        Assert.DoesNotContain(model.Calls, c => c.Purpose == "planner");
        Assert.Single(model.Calls, c => c.Purpose == "plan");
    }

    [Fact]
    public async Task Planner_IsSeededFromTheSpec_SameRunSameSeed_OtherRepetitionOtherSeed()
    {
        var model = new ScriptedModel();
        var spec = Spec("  - { name: es2, kind: early_stop, teams: 2, planning: diverse, max_steps: 3 }");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", model))).Create(spec);
        var methods = (IMethodRunner)runner;

        await methods.RunAsync(Task1, spec.Methods[0], 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        await methods.RunAsync(Task1, spec.Methods[0], 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        await methods.RunAsync(Task1, spec.Methods[0], 2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        // Each run plans in three calls (facts, π1, a different plan).
        Assert.Equal(9, model.PlannerSeeds.Count);
        Assert.All(model.PlannerSeeds, s => Assert.NotNull(s));
        Assert.Equal(model.PlannerSeeds[0..3], model.PlannerSeeds[3..6]);
        Assert.NotEqual(model.PlannerSeeds[0], model.PlannerSeeds[6]);
    }

    [Fact]
    public async Task Run_TeamsWorkInFoldersUnderTheWorkFolderWithTheTasksAttachedFile()
    {
        var spec = Spec("  - { name: es2, kind: early_stop, teams: 2 }");
        var work = Path.Combine(_dir.Path, "work");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", new ScriptedModel())), work).Create(spec);

        await RunAsync((IMethodRunner)runner, Task1, spec.Methods[0]);

        var run = Path.Combine(work, "methods-test", "t1", "es2-r1");
        // With early stop the losing team may be cancelled before it sets up its folder; the winner's has the attached file.
        var copies = new[] { "team-0", "team-1" }.Select(t => Path.Combine(run, t, "numbers.csv")).Where(File.Exists).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            Assert.Equal("a,b\n6,7\n", await File.ReadAllTextAsync(copy));
        }

        Assert.True(File.Exists(Path.Combine(run, "team-0", "transcript.txt")) || File.Exists(Path.Combine(run, "team-1", "transcript.txt")));
    }

    [Fact]
    public async Task EarlyStop_FirstAnswerWins_TheOtherTeamIsCancelledAndItsHeldCallIsNotCounted()
    {
        // The planner's facts survey, then a plan per team; the second team's calls wait until they are cancelled.
        var model = new ScriptedModel
        {
            Plan = n => n switch { 0 => "1. GIVEN OR VERIFIED FACTS\n- none", 1 => "- FAST-PLAN: answer at once", _ => "- SLOW-PLAN: think for a long time" },
            HangWhenPromptContains = "SLOW-PLAN",
        };
        var spec = Spec("  - { name: es2, kind: early_stop, teams: 2 }");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", model))).Create(spec);

        var result = await RunAsync((IMethodRunner)runner, Task1, spec.Methods[0]);

        Assert.Equal("42", result.Answer);
        Assert.Equal(["answered", "cancelled"], result.Teams.Select(t => t.Status).Order());
        var winner = result.Teams.Single(t => t.Status == "answered");
        var loser = result.Teams.Single(t => t.Status == "cancelled");
        // Three planning calls (facts, π1, a different plan) and the winner's two calls (it starts from the planner's facts:
        // a progress ledger, the final answer); the loser's only call was held until the decision cancelled it.
        Assert.Equal(200, winner.PromptTokens);
        Assert.Equal(0, loser.PromptTokens);
        Assert.Equal(300 + 200, result.PromptTokens);
        Assert.Contains("\"kind\":\"cancelled\"", result.EventsJson);

        // Kept apart as the paper counts them: the teams' Σ c_i(t_(1)), the planner's three calls beside it, no aggregator.
        Assert.Equal(new RunTokens(new TokenCount(200, 20), new TokenCount(300, 30), new TokenCount(0, 0)), result.Tokens);
    }

    [Theory]
    [InlineData(0, null, 0)]
    [InlineData(1, "42", 1)]
    public async Task Replans_AFailedTeamGetsANewPlanFromTheFailureMemoryOnlyWhenTheMethodAllowsIt(int replans, string? answer, int plannerCalls)
    {
        var model = new ScriptedModel { FailOnFactsCall = 1 };
        var spec = Spec($"  - {{ name: single, kind: single, replans: {replans} }}");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", model))).Create(spec);

        var result = await RunAsync((IMethodRunner)runner, Task1, spec.Methods[0]);

        Assert.Equal(answer, result.Answer);
        var plans = model.Calls.Where(c => c.Purpose == "planner").ToList();
        Assert.Equal(plannerCalls, plans.Count);
        if (replans > 0)
        {
            // The new plan is asked for with the failed attempt in view.
            Assert.Contains("scripted model failure", plans[^1].Text);
            Assert.Contains("\"kind\":\"replanned\"", result.EventsJson);
        }
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(", enable_thinking: true", true)]
    public async Task EnableThinking_FromTheMethodReachesEveryTeamCall(string setting, bool expected)
    {
        var model = new ScriptedModel();
        var spec = Spec($"  - {{ name: single, kind: single{setting} }}");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", model))).Create(spec);

        await RunAsync((IMethodRunner)runner, Task1, spec.Methods[0]);

        Assert.NotEmpty(model.ThinkingFlags);
        Assert.All(model.ThinkingFlags, flag => Assert.Equal(expected, flag));
    }

    [Fact]
    public async Task Agents_FromTheMethod_AreTheOnlyOnesTheOrchestratorCanCall()
    {
        var model = new ScriptedModel();
        var spec = Spec("  - { name: single, kind: single, agents: [coder, computer_terminal] }");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", model))).Create(spec);

        await RunAsync((IMethodRunner)runner, Task1, spec.Methods[0]);

        var ledger = model.Calls.First(c => c.Purpose == "progress_ledger").Text;
        Assert.Contains("Coder", ledger);
        Assert.DoesNotContain("WebSurfer", ledger);
        Assert.DoesNotContain("FileSurfer", ledger);
    }

    [Fact]
    public async Task Aggregate_Majority_WaitsForKAnswersAndVotes()
    {
        var spec = Spec("  - { name: agg, kind: aggregate, teams: 3, k: 2, aggregator: majority }");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", new ScriptedModel()))).Create(spec);

        var result = await RunAsync((IMethodRunner)runner, Task1, spec.Methods[0]);

        Assert.Equal("42", result.Answer);
        Assert.True(result.Teams.Count(t => t.Status == "answered") >= 2);
        Assert.Contains("\"kind\":\"aggregated\"", result.EventsJson);
        Assert.Contains("majority: 42", result.EventsJson);
    }

    [Fact]
    public async Task Aggregate_Llm_GoesToTheRoutedBackendAndItsPriceCounts()
    {
        var local = new ScriptedModel();
        var hosted = new ScriptedModel { Answer = "forty-two" };
        var spec = Spec(
            "  - { name: agg, kind: aggregate, teams: 2, aggregator: llm, backend: local, routes: { aggregator: hosted } }",
            "  hosted: { kind: hosted, model: gpt-4o, base_url: 'http://127.0.0.1:9/v1', prompt_usd_per_million: 1000, completion_usd_per_million: 1000 }");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", local), ("hosted", hosted))).Create(spec);

        var result = await RunAsync((IMethodRunner)runner, Task1, spec.Methods[0]);

        Assert.Equal("forty-two", result.Answer);
        Assert.Equal(["aggregator"], hosted.Calls.Select(c => c.Purpose));
        Assert.DoesNotContain(local.Calls, c => c.Purpose == "aggregator");
        // Local: 3 planning calls (facts, π1, a different plan) + 2 teams × 2 calls (each starts from the planner's facts:
        // a progress ledger, the final answer) = 700 + 70 tokens at $1/$2; hosted: 100 + 10 at $1000/$1000 per million.
        Assert.Equal(800, result.PromptTokens);
        Assert.Equal(((700 * 1) + (70 * 2) + (110 * 1000)) / 1_000_000.0, result.CostUsd, 12);
        Assert.Equal(new RunTokens(new TokenCount(400, 40), new TokenCount(300, 30), new TokenCount(100, 10)), result.Tokens);
    }

    [Fact]
    public async Task BestOfK_PicksTheAnswerMatchingTheGroundTruth()
    {
        var spec = Spec("  - { name: best, kind: aggregate, teams: 2, aggregator: best_of_k }");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", new ScriptedModel()))).Create(spec);

        var result = await RunAsync((IMethodRunner)runner, Task1, spec.Methods[0]);

        Assert.Equal("42", result.Answer);
        Assert.Contains("best-of-k: 42", result.EventsJson);
    }

    [Fact]
    public async Task OfflineSuite_ServerStartsOnceForTheExperimentServesSearchAndStopsOnDispose()
    {
        var spec = Spec("  - { name: single, kind: single }");
        var runner = (ExperimentMethodRunner)new ExperimentMethodRunnerFactory(new Backends(("local", new ScriptedModel()))).Create(spec);
        Uri search;
        try
        {
            await RunAsync(runner, Task1, spec.Methods[0]);
            var first = runner.Server;
            await RunAsync(runner, Task1, spec.Methods[0]);

            Assert.NotNull(first);
            Assert.Same(first, runner.Server);
            search = first.SearchUrl("forty-two");
            using var http = new HttpClient();
            Assert.Contains("index.html", await http.GetStringAsync(search));
        }
        finally
        {
            await runner.DisposeAsync();
        }

        using var after = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetStringAsync(search));
    }

    [Fact]
    public async Task Run_Cancelled_ThrowsOperationCanceledSoTheRunnerCanRecordATimeout()
    {
        var model = new ScriptedModel { HangWhenPromptContains = "6 times 7" };
        var spec = Spec("  - { name: single, kind: single }");
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new Backends(("local", model))).Create(spec);
        using var cancel = new CancellationTokenSource();

        var running = ((IMethodRunner)runner).RunAsync(Task1, spec.Methods[0], 1, cancel.Token);
        while (!model.Calls.Any(c => c.Purpose == "facts"))
        {
            await Task.Delay(5);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Create_BackendNotServed_ThrowsMethodRunnerUnavailable()
    {
        var spec = Spec("  - { name: single, kind: single }");

        var error = Assert.Throws<MethodRunnerUnavailableException>(() => new ExperimentMethodRunnerFactory(new Backends()).Create(spec));

        Assert.Contains("'local'", error.Message);
    }

    private sealed class Backends(params (string Name, IChatClient Client)[] clients) : IBackendClientProvider
    {
        public IChatClient GetClient(string backendName) =>
            clients.FirstOrDefault(c => c.Name == backendName).Client
            ?? throw new MethodRunnerUnavailableException($"backend '{backendName}' is not served in this test.");
    }
}
