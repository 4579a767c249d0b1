using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Routing;
using M1Parallel.Running;
using M1Parallel.Telemetry;
using M1Parallel.Tests.TestSupport;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.Methods;

public sealed class MethodRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("m1p-method-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private MethodTask Task(string question = "What is 6 times 7?") => new(question, Path.Combine(_folder, "run"));

    [Fact]
    public async Task RunAsync_Single_EveryModelCallIsMeteredOnceOntoWhoeverMadeIt()
    {
        var model = new OrchestratorScript();
        var runner = new MethodRunner(new TestBackends(("local", model)));

        var result = await runner.RunAsync(Task(), new MethodSettings(), new RoleRoutes("local"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.Answered);
        // No planner call (Magentic-One as published): the orchestrator's facts, its own plan, a progress ledger and the
        // final answer, 4 calls of 100 + 10 tokens, each counted once.
        Assert.Equal(["facts", "plan", "progress_ledger", "final_answer"], model.Calls.Select(c => c.Purpose));
        Assert.Equal(TokenUsage.Zero, result.PlannerUsage.Total);
        Assert.Equal(TokenUsage.Zero, result.AggregatorUsage.Total);
        Assert.Equal(new TokenUsage(400, 40), Assert.Single(result.Teams).Usage.Total);
        Assert.Equal(new TokenUsage(400, 40), Assert.Single(result.UsageByBackend()).Value);
        Assert.All(result.Teams[0].Usage.Entries(), e => Assert.Equal("local", e.Backend));
    }

    [Fact]
    public async Task RunAsync_Routes_SendEveryRolesCallsToItsBackendAndPriceThemThere()
    {
        var local = new OrchestratorScript();
        var planner = new OrchestratorScript();
        var judge = new OrchestratorScript();
        var final = new OrchestratorScript();
        var backends = new TestBackends(("local", local), ("plan", planner), ("judge", judge), ("final", final));
        var routes = new RoleRoutes("local", new Dictionary<TeamRole, string>
        {
            [TeamRole.Planner] = "plan",
            [TeamRole.Aggregator] = "judge",
            [TeamRole.FinalAnswer] = "final",
        });
        var settings = new MethodSettings(MethodKind.Aggregate, 2, aggregator: AggregatorKind.Llm);

        var result = await new MethodRunner(backends).RunAsync(Task(), settings, routes, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("42", result.Answer);
        // Diverse planning, the default: the facts survey, π1, then the request for a different plan.
        Assert.Equal(3, planner.Calls.Count);
        Assert.Single(judge.Calls);
        Assert.Equal(["final_answer", "final_answer"], final.Calls.Select(c => c.Purpose));
        // Each team starts from the planner's facts survey and its plan: no facts call of its own.
        Assert.Equal(["progress_ledger", "progress_ledger"], local.Calls.Select(c => c.Purpose));
        var usage = result.UsageByBackend();
        Assert.Equal(new TokenUsage(300, 30), usage["plan"]);
        Assert.Equal(new TokenUsage(100, 10), usage["judge"]);
        Assert.Equal(new TokenUsage(200, 20), usage["final"]);
        Assert.Equal(new TokenUsage(200, 20), usage["local"]);
    }

    [Fact]
    public async Task RunAsync_SettingsOfTheTeam_ReachEveryTeamCall()
    {
        var model = new OrchestratorScript();
        var settings = new MethodSettings(MethodKind.EarlyStop, 2) { Team = new TeamSettings { EnableThinking = true, MaxOutputTokens = 77 } };

        await new MethodRunner(new TestBackends(("local", model))).RunAsync(Task(), settings, new RoleRoutes("local"), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        var teamRoles = TeamRoles.InTeam.Select(r => r.ToWireName()).ToHashSet();
        var teamCalls = model.Options.Where(o => o?.AdditionalProperties?.GetValueOrDefault(TeamChatOptionKeys.Role) is string role && teamRoles.Contains(role)).ToList();
        Assert.NotEmpty(teamCalls);
        Assert.All(teamCalls, o => Assert.Equal(true, o!.AdditionalProperties![TeamChatOptionKeys.EnableThinking]));
        Assert.All(teamCalls, o => Assert.Equal(77, o!.MaxOutputTokens));
    }

    [Fact]
    public async Task RunAsync_Parallel_ThePlannerPlansForTheMethodsAgentsAndTheTeamsStartFromItsFacts()
    {
        var planner = new TestChatClient
        {
            OnResponse = (messages, _, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant,
                messages[^1].Text.Contains("GIVEN OR VERIFIED FACTS", StringComparison.Ordinal) ? "PLANNER-FACTS-MARKER" : "- Coder computes it")),
        };
        var teams = new OrchestratorScript();
        var routes = new RoleRoutes("local", new Dictionary<TeamRole, string> { [TeamRole.Planner] = "plan" });
        var agents = TeamAgents.Coder | TeamAgents.ComputerTerminal;
        var settings = new MethodSettings(MethodKind.EarlyStop, 2) { Team = new TeamSettings { Agents = agents } };

        var result = await new MethodRunner(new TestBackends(("local", teams), ("plan", planner))).RunAsync(Task(), settings, routes, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("42", result.Answer);
        var planRequest = planner.Requests[1].Messages[^1].Text;
        Assert.Contains(TeamDescription.For(agents), planRequest, StringComparison.Ordinal);
        Assert.DoesNotContain("WebSurfer", planRequest, StringComparison.Ordinal);
        Assert.DoesNotContain("FileSurfer", planRequest, StringComparison.Ordinal);
        Assert.DoesNotContain(teams.Calls, c => c.Purpose is "facts" or "plan");
        Assert.All(teams.Calls.Where(c => c.Purpose == "progress_ledger"), c => Assert.Contains("PLANNER-FACTS-MARKER", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TaskWithAFile_ThePlannerAndTheTeamsSeeTheSameTaskNamingTheFile()
    {
        var file = Path.Combine(_folder, "sales.csv");
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(file, "month,total\nmay,42\n");
        var planner = new TestChatClient { OnResponse = (_, _, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "- Coder reads it")) };
        var teams = new OrchestratorScript();
        var routes = new RoleRoutes("local", new Dictionary<TeamRole, string> { [TeamRole.Planner] = "plan" });
        var task = Task("What was the total in May?") with { AttachedFile = file };
        var expected = TeamTask.Of("What was the total in May?", "sales.csv");

        await new MethodRunner(new TestBackends(("local", teams), ("plan", planner)))
            .RunAsync(task, new MethodSettings(MethodKind.EarlyStop, 2), routes, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains("'sales.csv'", expected, StringComparison.Ordinal);
        Assert.Contains(expected, planner.Requests[0].Messages[^1].Text, StringComparison.Ordinal);
        Assert.All(teams.Calls.Where(c => c.Purpose == "progress_ledger"), c => Assert.Contains(expected, c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WithATracerListening_EveryModelCallIsOneSpanWithItsTokensAndRole()
    {
        var backend = $"local-{Guid.NewGuid():N}";
        var model = new OrchestratorScript();
        using var spans = new SpanRecorder();

        // Two teams, so the planner calls too (a single team plans itself).
        await new MethodRunner(new TestBackends((backend, model))).RunAsync(Task(), new MethodSettings(MethodKind.EarlyStop, 2), new RoleRoutes(backend), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        var recorded = spans.Of(backend);
        Assert.Equal(model.Calls.Count, recorded.Count);
        Assert.All(recorded, span => Assert.Equal(100, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens"))));
        Assert.All(recorded, span => Assert.Equal(10, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"))));
        Assert.Equal(model.Calls.Select(c => c.Role).Order(), recorded.Select(s => (string)s.GetTagItem(ModelCallTelemetry.RoleTag)!).Order());
        Assert.Contains("planner", recorded.Select(s => s.GetTagItem(ModelCallTelemetry.RoleTag)));
    }

    [Fact]
    public void Start_BestOfKWithoutTheGroundTruth_IsRefusedNamingTheFix()
    {
        var settings = new MethodSettings(MethodKind.Aggregate, 2, aggregator: AggregatorKind.BestOfK);

        var error = Assert.Throws<ArgumentException>(() =>
            new MethodRunner(new TestBackends(("local", new OrchestratorScript()))).Start(Task(), settings, new RoleRoutes("local"), CancellationToken.None));

        Assert.Contains("ground truth", error.Message);
    }
}
