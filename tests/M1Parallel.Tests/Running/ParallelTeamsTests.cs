using M1Parallel.Aggregation;
using M1Parallel.Events;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Planning;
using M1Parallel.Running;
using M1Parallel.Tests.TestSupport;
using M1Parallel.Usage;

namespace M1Parallel.Tests.Running;

public sealed class ParallelTeamsTests
{
    private static readonly TimeSpan S1 = TimeSpan.FromSeconds(1);

    private static TimeSpan Sec(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public async Task EarlyStop_FirstAnswer_WinsAndTheOthersAreCancelledAndAwaited()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetUtcNow();
        var factory = new ScriptedTeamFactory(time)
            .Answers(0, Sec(5), "slow")
            .Answers(1, Sec(3), "fast")
            .Answers(2, Sec(8), "slowest");
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time).Start("task", EarlyStop(3), CancellationToken.None);

        await time.WaitForTimersAsync(3);
        time.Advance(Sec(3));
        var result = await run.ResultAsync();

        Assert.True(result.Answered);
        Assert.Equal("fast", result.Answer);
        Assert.Equal(origin + Sec(3), result.DecidedAt);
        Assert.Equal(Sec(3), result.Latency);
        Assert.Equal([TeamState.Cancelled, TeamState.Answered, TeamState.Cancelled], result.Teams.Select(t => t.State));
        Assert.All(factory.Made, team => Assert.True(team.Exited, "every team has stopped when the run returns"));
        Assert.True(factory.Made.Single(t => t.Context.TeamIndex == 0).SawCancellation);
        Assert.True(factory.Made.Single(t => t.Context.TeamIndex == 2).SawCancellation);
        Assert.Single(result.Events, e => e.Kind == RunEventKind.Answered);
        Assert.Equal(2, result.Events.Count(e => e.Kind == RunEventKind.Cancelled));
        Assert.Equal(RunEventKind.Finished, result.Events[^1].Kind);
    }

    [Fact]
    public async Task EarlyStop_AfterTheDecision_NoTeamKeepsWorkingWhenTheClockMovesOn()
    {
        var time = new FakeTimeProvider();
        var factory = new ScriptedTeamFactory(time)
            .Answers(0, Sec(1), "first")
            .Answers(1, Sec(9), "late", 0, new ScriptStep(Sec(4), new TokenUsage(0, 500)));
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time).Start("task", EarlyStop(2), CancellationToken.None);

        await time.WaitForTimersAsync(2);
        time.Advance(S1);
        var result = await run.ResultAsync();
        time.Advance(Sec(20));

        Assert.Equal(TokenUsage.Zero, result.Teams[1].Usage.Total);
        Assert.DoesNotContain(result.Events, e => e is { Kind: RunEventKind.Step, TeamIndex: 1 });
    }

    [Fact]
    public async Task Aggregate_WaitsForKAnswers_ThenAggregatesThemInArrivalOrder()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetUtcNow();
        var factory = new ScriptedTeamFactory(time)
            .Answers(0, Sec(4), "B")
            .Answers(1, Sec(1), "A")
            .Answers(2, Sec(2), "B")
            .Answers(3, Sec(6), "A");
        var aggregator = new RecordingAggregator();
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time, aggregator)
            .Start("task", Aggregate(4, 3), CancellationToken.None);

        await time.WaitForTimersAsync(4);
        time.Advance(Sec(2));
        await run.ReadUntilAsync(e => e.Kind == RunEventKind.Answered, count: 2);
        Assert.False(run.Completion.IsCompleted, "two answers are not enough for k = 3");
        time.Advance(Sec(2));
        var result = await run.ResultAsync();

        Assert.Equal(origin + Sec(4), result.DecidedAt);
        Assert.Equal([1, 2, 0], aggregator.Received!.Select(a => a.TeamIndex));
        Assert.Equal("B", result.Answer);
        Assert.Equal([2, 0], result.Aggregation!.SupportingTeams);
        Assert.Equal(TeamState.Cancelled, result.Teams[3].State);
        Assert.Contains(result.Events, e => e.Kind == RunEventKind.Aggregated);
    }

    [Fact]
    public async Task Aggregate_WhenTheRestFail_AggregatesTheAnswersThereAre()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetUtcNow();
        var factory = new ScriptedTeamFactory(time)
            .Answers(0, Sec(1), "42")
            .Fails(1, Sec(2), "stalled")
            .Fails(2, Sec(3), "max steps");
        var aggregator = new RecordingAggregator();
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time, aggregator)
            .Start("task", Aggregate(3, 3), CancellationToken.None);

        await time.WaitForTimersAsync(3);
        time.Advance(Sec(3));
        var result = await run.ResultAsync();

        Assert.True(result.Answered);
        Assert.Equal("42", result.Answer);
        Assert.Single(aggregator.Received!);
        Assert.Equal(origin + Sec(3), result.DecidedAt);
        Assert.Equal([TeamState.Answered, TeamState.Failed, TeamState.Failed], result.Teams.Select(t => t.State));
    }

    [Fact]
    public async Task Single_AsksThePlannerForNothing_TheOrchestratorPlansItself()
    {
        var time = new FakeTimeProvider();
        var planner = new ScriptedPlanner();
        var factory = new ScriptedTeamFactory(time).Answers(0, S1, "42");
        var run = new ParallelTeams(factory, planner, time).Start("task", EarlyStop(1), CancellationToken.None);

        await time.WaitForTimersAsync(1);
        time.Advance(S1);
        var result = await run.ResultAsync();

        Assert.Equal("42", result.Answer);
        Assert.Equal(0, planner.CreatePlansCalls);
        Assert.Null(Assert.Single(factory.Made).ReceivedPlan); // no plan from outside: the orchestrator makes its own
    }

    [Fact]
    public async Task Parallel_EachTeamIsGivenItsPlanWithThePlannersFacts()
    {
        var time = new FakeTimeProvider();
        var factory = new ScriptedTeamFactory(time).Answers(0, S1, "42").Answers(1, S1, "42");
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time).Start("task", EarlyStop(2), CancellationToken.None);

        await time.WaitForTimersAsync(2);
        time.Advance(S1);
        await run.ResultAsync();

        Assert.Equal(
            [new GivenPlan("plan 0", "facts 0"), new GivenPlan("plan 1", "facts 1")],
            factory.Made.OrderBy(t => t.Context.TeamIndex).Select(t => t.ReceivedPlan));
    }

    [Fact]
    public async Task EarlyStop_ATeamWithoutAnAnswerEndsFirst_WaitsForOneThatAnswers()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetUtcNow();
        var factory = new ScriptedTeamFactory(time)
            .Fails(0, S1, "turn limit reached")
            .Answers(1, Sec(4), "found it");
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time).Start("task", EarlyStop(2), CancellationToken.None);

        await time.WaitForTimersAsync(2);
        time.Advance(S1);
        await run.ReadUntilAsync(e => e.Kind == RunEventKind.Failed);
        time.Advance(Sec(3));
        var result = await run.ResultAsync();

        Assert.True(result.Answered);
        Assert.Equal("found it", result.Answer);
        Assert.Equal(origin + Sec(4), result.DecidedAt);
        Assert.Equal([TeamState.Failed, TeamState.Answered], result.Teams.Select(t => t.State));
    }

    [Fact]
    public async Task AllTeamsFail_RunEndsWithAllFailedAndNoAnswer()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetUtcNow();
        var factory = new ScriptedTeamFactory(time)
            .Fails(0, Sec(1), "stalled")
            .Throws(1, Sec(2), new InvalidOperationException("browser crashed"));
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time).Start("task", EarlyStop(2), CancellationToken.None);

        await time.WaitForTimersAsync(2);
        time.Advance(Sec(2));
        var result = await run.ResultAsync();

        Assert.False(result.Answered);
        Assert.Null(result.Answer);
        Assert.Empty(result.Answers);
        Assert.Equal(origin + Sec(2), result.DecidedAt);
        Assert.All(result.Teams, t => Assert.Equal(TeamState.Failed, t.State));
        Assert.Contains("browser crashed", result.Teams[1].StopReason);
        Assert.Equal(2, result.Failures.Count);
        Assert.Contains("no answer", result.Events[^1].Message);
    }

    [Fact]
    public async Task FailureMemory_FailedTeam_GetsANewPlanFromTheMemoryAndRestarts()
    {
        var time = new FakeTimeProvider();
        var planner = new ScriptedPlanner();
        var factory = new ScriptedTeamFactory(time)
            .Fails(0, Sec(1), "stalled", transcript: "searched the wrong archive")
            .Answers(0, Sec(3), "found it", attempt: 1)
            .Answers(1, Sec(10), "too slow");
        var run = new ParallelTeams(factory, planner, time).Start("task", EarlyStop(2, replans: 1), CancellationToken.None);

        await time.WaitForTimersAsync(2);
        time.Advance(S1);
        await run.ReadUntilAsync(e => e.Kind == RunEventKind.Replanned);
        time.Advance(Sec(2));
        var result = await run.ResultAsync();

        var failures = Assert.Single(planner.ReplanRequests);
        var failure = Assert.Single(failures);
        Assert.Equal("plan 0", failure.Plan.Text);
        Assert.Contains("searched the wrong archive", failure.Summary);
        Assert.Equal("error: stalled", failure.StopReason);
        var retry = factory.Made.Single(t => t.Context is { TeamIndex: 0, Attempt: 1 });
        Assert.Equal("replan 1", retry.ReceivedPlan?.Plan);
        Assert.Equal("found it", result.Answer);
        Assert.Equal(["plan 0", "replan 1"], result.Teams[0].Plans.Select(p => p.Text));
        Assert.Same(factory.Made.Single(t => t.Context is { TeamIndex: 0, Attempt: 0 }).Context.Usage, retry.Context.Usage);
    }

    [Fact]
    public async Task FailureMemory_ReplanBudgetUsedUp_TeamEndsFailed()
    {
        var time = new FakeTimeProvider();
        var planner = new ScriptedPlanner();
        var factory = new ScriptedTeamFactory(time)
            .Fails(0, Sec(1), "stalled")
            .Fails(0, Sec(2), "stalled again", attempt: 1);
        var run = new ParallelTeams(factory, planner, time).Start("task", EarlyStop(1, replans: 1), CancellationToken.None);

        await time.WaitForTimersAsync(1);
        time.Advance(S1);
        await time.WaitForTimersAsync(1);
        time.Advance(S1);
        var result = await run.ResultAsync();

        Assert.False(result.Answered);
        Assert.Single(planner.ReplanRequests);
        Assert.Equal(2, result.Failures.Count);
        Assert.Equal("error: stalled again", result.Teams[0].StopReason);
    }

    [Fact]
    public async Task Cost_UpToTheKthAnswer_MatchesTheHandComputation()
    {
        var time = new FakeTimeProvider();
        var factory = new ScriptedTeamFactory(time)
            .Answers(0, Sec(2), "x", 0, new ScriptStep(Sec(0), new TokenUsage(100, 0)), new ScriptStep(Sec(1), new TokenUsage(0, 50)))
            .Answers(1, Sec(4), "x", 0, new ScriptStep(Sec(0), new TokenUsage(200, 0)), new ScriptStep(Sec(2), new TokenUsage(0, 30)),
                new ScriptStep(Sec(4), new TokenUsage(0, 70)))
            .Answers(2, Sec(6), "y", 0, new ScriptStep(Sec(0), new TokenUsage(300, 0)), new ScriptStep(Sec(3), new TokenUsage(0, 40)),
                new ScriptStep(Sec(5), new TokenUsage(0, 1000)));
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time, new MajorityAggregator())
            .Start("task", Aggregate(3, 2), CancellationToken.None);

        await time.WaitForTimersAsync(3);
        time.Advance(Sec(4));
        var result = await run.ResultAsync();

        // t_(2) = 4 s: inputs 100 + 200 + 300 = 600; outputs 50 + 30 + 70 + 40 = 190 (team 2's 1000 at 5 s never happen).
        Assert.Equal(new TokenUsage(600, 190), result.TeamUsageAtDecision);
        Assert.Equal((600 * 2.50m + 190 * 10.00m) / 1_000_000m, result.CostAtDecision());
        Assert.Equal(0.0034m, result.CostAtDecision(PricingTable.Gpt4o));
    }

    [Fact]
    public async Task CallerCancellation_CancelsAndAwaitsEveryTeam_AndTheRunIsCancelled()
    {
        var time = new FakeTimeProvider();
        var factory = new ScriptedTeamFactory(time).Answers(0, Sec(5), "a").Answers(1, Sec(6), "b");
        using var cancellation = new CancellationTokenSource();
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time).Start("task", EarlyStop(2), cancellation.Token);

        await time.WaitForTimersAsync(2);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.ResultAsync());
        Assert.All(factory.Made, team => Assert.True(team.Exited && team.SawCancellation));
        var rest = await run.ReadUntilAsync(e => e.Kind == RunEventKind.Finished);
        Assert.Contains("cancelled", rest[^1].Message);
    }

    [Fact]
    public async Task Events_CarryTimestampsFromTheInjectedClock_AndStepsOfEachTeam()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetUtcNow();
        var factory = new ScriptedTeamFactory(time)
            .Answers(0, Sec(2), "done", 0, new ScriptStep(Sec(1), new TokenUsage(10, 1), "opened the page"));
        var run = new ParallelTeams(factory, new ScriptedPlanner(), time).Start("task", EarlyStop(1), CancellationToken.None);

        await time.WaitForTimersAsync(1);
        time.Advance(Sec(2));
        var result = await run.ResultAsync();

        var step = Assert.Single(result.Events, e => e.Kind == RunEventKind.Step);
        Assert.Equal(origin + Sec(1), step.At);
        Assert.Contains("opened the page", step.Message);
        Assert.Equal(origin + Sec(2), result.Events.Single(e => e.Kind == RunEventKind.Answered).At);
        Assert.Equal(
            [RunEventKind.Planned, RunEventKind.TeamStarted, RunEventKind.Step, RunEventKind.Answered, RunEventKind.Decided, RunEventKind.Finished],
            result.Events.Select(e => e.Kind));
        Assert.True(result.Events.Zip(result.Events.Skip(1)).All(p => p.First.At <= p.Second.At));
    }

    [Fact]
    public async Task Replanning_ThatFails_EndsTheTeamAsFailedWithTheReason()
    {
        var time = new FakeTimeProvider();
        var factory = new ScriptedTeamFactory(time).Fails(0, Sec(1), "stalled");
        var run = new ParallelTeams(factory, new FailingReplanner(), time).Start("task", EarlyStop(1, replans: 2), CancellationToken.None);

        await time.WaitForTimersAsync(1);
        time.Advance(S1);
        var result = await run.ResultAsync();

        Assert.False(result.Answered);
        Assert.Contains("re-planning failed: planner offline", result.Teams[0].StopReason);
    }

    [Fact]
    public async Task Planner_ReturningTheWrongNumberOfPlans_FailsTheRunClearly()
    {
        var time = new FakeTimeProvider();
        var run = new ParallelTeams(new ScriptedTeamFactory(time), new ScriptedPlanner { PlanCountOverride = 1 }, time)
            .Start("task", EarlyStop(3), CancellationToken.None);

        var error = await Assert.ThrowsAsync<PlanningException>(() => run.ResultAsync());
        Assert.Contains("exactly one plan per team", error.Message);
    }

    [Fact]
    public void Start_AnAggregatingMethodWithoutAnAggregator_IsRejected()
    {
        var time = new FakeTimeProvider();

        var error = Assert.Throws<ArgumentException>(() => new ParallelTeams(new ScriptedTeamFactory(time), new ScriptedPlanner(), time)
            .Start("task", Aggregate(3, 2), CancellationToken.None));

        Assert.Contains("without an aggregator", error.Message);
    }

    private static MethodSettings EarlyStop(int teams, int replans = 0) =>
        new(teams == 1 ? MethodKind.Single : MethodKind.EarlyStop, teams) { Replans = replans };

    // The kind only describes the method; these runs decide with the aggregator given to ParallelTeams.
    private static MethodSettings Aggregate(int teams, int k) => new(MethodKind.Aggregate, teams, k, AggregatorKind.Majority);

    private sealed class FailingReplanner : IPlanner
    {
        public Task<IReadOnlyList<Plan>> CreatePlansAsync(string task, int count, CancellationToken cancellationToken) =>
            new ScriptedPlanner().CreatePlansAsync(task, count, cancellationToken);

        public Task<Plan> ReplanAsync(string task, IReadOnlyList<M1Parallel.FailureMemory.FailureRecord> failures, CancellationToken cancellationToken) =>
            throw new PlanningException("planner offline");
    }

    private sealed class RecordingAggregator : IAggregator
    {
        public IReadOnlyList<TeamAnswer>? Received { get; private set; }

        public async Task<AggregationResult> AggregateAsync(string task, IReadOnlyList<TeamAnswer> answers, CancellationToken cancellationToken)
        {
            Received = answers;
            return await new MajorityAggregator().AggregateAsync(task, answers, cancellationToken);
        }
    }
}
