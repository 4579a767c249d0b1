using M1Parallel.Events;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Planning;
using M1Parallel.Routing;
using M1Parallel.Running;
using M1Parallel.Teams;
using M1Parallel.Tests.TestSupport;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.Teams;

public sealed class MagenticOneTeamFactoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("m1p-factory-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string RunFolder => Path.Combine(_folder, "run");

    private static TeamContext Context(int team = 0, int attempt = 0, UsageTimeline? usage = null, List<TeamStep>? steps = null) =>
        new(team, attempt, usage ?? new UsageTimeline(), new ListProgress(steps ?? []));

    [Fact]
    public async Task EarlyStop_RealTeams_FastTeamAnswersAndTheSlowTeamIsCancelled()
    {
        var model = new OrchestratorScript { HangWhenPromptContains = "SLOW-PLAN", FinalAnswerWaitsForAHeldCall = true };
        var factory = new MagenticOneTeamFactory(TestBackends.One(model), RunFolder);
        var planner = new FixedPlanner("- FAST-PLAN: answer at once", "- SLOW-PLAN: think for a long time");

        var result = await new ParallelTeams(factory, planner).RunAsync("What is 6 times 7?", new MethodSettings(MethodKind.EarlyStop, 2), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.Answered);
        Assert.Equal("42", result.Answer);
        Assert.Equal([TeamState.Answered, TeamState.Cancelled], result.Teams.Select(t => t.State));
        Assert.True(model.SawCancellation, "the slow team's model call was cancelled");
        Assert.StartsWith("#1 Orchestrator: TaskLedger:", result.Events.First(e => e is { Kind: RunEventKind.Step, TeamIndex: 0 }).Message, StringComparison.Ordinal);
        Assert.Contains(result.Events, e => e is { Kind: RunEventKind.Cancelled, TeamIndex: 1 });
        // facts, progress ledger and final answer, 100 + 10 tokens each, metered onto team 0's timeline.
        Assert.Equal(new TokenUsage(300, 30), result.Teams[0].Usage.Total);
        Assert.Equal(new TokenUsage(300, 30), result.Teams[0].Usage.UsedUntil(result.DecidedAt));
    }

    [Fact]
    public async Task Create_EachAttempt_WorksInItsOwnFolderWithTheAttachedFileAndLeavesItsTranscript()
    {
        var attached = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(attached, "the notes");
        var factory = new MagenticOneTeamFactory(TestBackends.One(new OrchestratorScript()), RunFolder, attachedFilePath: attached);

        var first = await factory.Create(Context(team: 1)).RunAsync("Read the notes.", new GivenPlan("- read them"), CancellationToken.None);
        await factory.Create(Context(team: 1, attempt: 2)).RunAsync("Read the notes.", new GivenPlan("- read them again"), CancellationToken.None);

        Assert.True(first.Answered);
        Assert.Equal("the notes", await File.ReadAllTextAsync(Path.Combine(RunFolder, "team-1", "notes.txt")));
        Assert.Equal("the notes", await File.ReadAllTextAsync(Path.Combine(RunFolder, "team-1-attempt-2", "notes.txt")));
        var transcript = await File.ReadAllTextAsync(Path.Combine(RunFolder, "team-1", "transcript.txt"));
        Assert.Contains("FINAL ANSWER: 42", transcript);
        Assert.Equal(first.Transcript.ToText(), transcript);
    }

    [Fact]
    public async Task Create_RoleClients_AreAskedForEveryTeamRoleThroughItsRouteAndMeteredOnce()
    {
        var orchestrator = new OrchestratorScript();
        var finalAnswer = new OrchestratorScript();
        var usage = new UsageTimeline();
        // Each team role on a backend named as the role, so the backends asked for show the roles asked for.
        var routes = new RoleRoutes("orchestrator", TeamRoles.InTeam.ToDictionary(r => r, r => r.ToWireName()));
        var backends = new TestBackends(TeamRoles.InTeam.Select(r => (r.ToWireName(), (IChatClient)(r == TeamRole.FinalAnswer ? finalAnswer : orchestrator))).ToArray());
        var factory = new MagenticOneTeamFactory(new RoleClients(routes, backends), RunFolder);

        await factory.Create(Context(usage: usage)).RunAsync("What is 6 times 7?", new GivenPlan("- answer"), CancellationToken.None);

        Assert.Equal(["orchestrator", "web_surfer", "file_surfer", "coder", "final_answer"], backends.Asked);
        Assert.Equal(["final_answer"], finalAnswer.Calls.Select(c => c.Role));
        Assert.Equal(["facts", "progress_ledger"], orchestrator.Calls.Select(c => c.Purpose));
        // Three calls of 100 + 10 tokens, each recorded once and labelled with the backend that served it.
        Assert.Equal(new TokenUsage(300, 30), usage.Total);
        Assert.Equal(["orchestrator", "orchestrator", "final_answer"], usage.Entries().Select(e => e.Backend));
    }

    [Fact]
    public async Task Create_TeamSteps_AreForwardedInOrder()
    {
        var steps = new List<TeamStep>();
        var factory = new MagenticOneTeamFactory(TestBackends.One(new OrchestratorScript()), RunFolder);

        var outcome = await factory.Create(Context(steps: steps)).RunAsync("What is 6 times 7?", new GivenPlan("- answer"), CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, steps.Count), steps.Select(s => s.Sequence));
        Assert.Equal(TeamStepKind.TaskLedger, steps[0].Kind);
        Assert.Contains(steps, s => s.Kind == TeamStepKind.FinalAnswer);
        Assert.Equal(TeamStepKind.Stopped, steps[^1].Kind);
        Assert.StartsWith("final answer", outcome.StopSummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LedgerNeverParses_EndsWithoutAnAnswerNamingWhy()
    {
        var factory = new MagenticOneTeamFactory(TestBackends.One(new OrchestratorScript { Ledger = _ => "Once upon a time there was a ledger." }), RunFolder);

        var outcome = await factory.Create(Context()).RunAsync("What is 6 times 7?", new GivenPlan("- answer"), CancellationToken.None);

        Assert.False(outcome.Answered);
        Assert.Null(outcome.Answer);
        Assert.StartsWith("progress ledger unparseable", outcome.StopSummary, StringComparison.Ordinal);
        Assert.Contains("Once upon a time", outcome.Transcript.ToText());
    }

    [Fact]
    public async Task RunAsync_CancelledMidCall_StopsAndSaysSo()
    {
        var model = new OrchestratorScript { HangWhenPromptContains = "6 times 7" };
        var factory = new MagenticOneTeamFactory(TestBackends.One(model), RunFolder);
        using var cancel = new CancellationTokenSource();

        var running = factory.Create(Context()).RunAsync("What is 6 times 7?", new GivenPlan("- answer"), cancel.Token);
        while (model.Calls.Count == 0)
        {
            await Task.Delay(5);
        }

        await cancel.CancelAsync();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TeamStopReason.Cancelled, result.StopReason);
        Assert.False(result.Answered);
        Assert.True(model.SawCancellation);
    }

    [Fact]
    public void Create_Options_ReachTheTeam()
    {
        var attached = Path.Combine(_folder, "data.csv");
        File.WriteAllText(attached, "a,b");
        var options = new TeamSettings
        {
            MaxSteps = 4,
            MaxStalls = 2,
            MaxOutputTokens = 256,
            Agents = TeamAgents.Coder | TeamAgents.ComputerTerminal,
            WebSurfer = new() { SearchUrlTemplate = "http://127.0.0.1:9/search?q={query}", StartPage = "http://127.0.0.1:9/" },
        };
        var factory = new MagenticOneTeamFactory(TestBackends.One(new OrchestratorScript()), RunFolder, options, attached);

        var team = Assert.IsType<Team>(factory.Create(Context(team: 2)));

        Assert.Equal(Path.Combine(RunFolder, "team-2"), team.Options.WorkFolder);
        Assert.Equal(attached, team.Options.AttachedFilePath);
        Assert.Equal(Path.Combine(RunFolder, "team-2", "transcript.txt"), team.Options.TranscriptFile);
        var made = team.Options.Settings;
        Assert.Equal(4, made.MaxSteps);
        Assert.Equal(2, made.MaxStalls);
        Assert.Equal(256, made.MaxOutputTokens);
        Assert.Equal(TeamAgents.Coder | TeamAgents.ComputerTerminal, made.Agents);
        Assert.Equal("http://127.0.0.1:9/search?q={query}", made.WebSurfer.SearchUrlTemplate);
        Assert.Equal("http://127.0.0.1:9/", made.WebSurfer.StartPage);
    }

    [Fact]
    public void Constructor_MissingAttachedFile_FailsNamingIt()
    {
        var missing = Path.Combine(_folder, "missing.pdf");

        var error = Assert.Throws<FileNotFoundException>(() => new MagenticOneTeamFactory(TestBackends.One(new OrchestratorScript()), RunFolder, attachedFilePath: missing));

        Assert.Contains("missing.pdf", error.Message);
    }

    private sealed class ListProgress(List<TeamStep> steps) : IProgress<TeamStep>
    {
        public void Report(TeamStep value)
        {
            lock (steps)
            {
                steps.Add(value);
            }
        }
    }

    private sealed class FixedPlanner(params string[] plans) : IPlanner
    {
        public Task<IReadOnlyList<Plan>> CreatePlansAsync(string task, int count, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Plan>>(plans.Take(count).Select(p => new Plan(p)).ToArray());

        public Task<Plan> ReplanAsync(string task, IReadOnlyList<M1Parallel.FailureMemory.FailureRecord> failures, CancellationToken cancellationToken) =>
            Task.FromResult(new Plan(plans[0]));
    }
}
