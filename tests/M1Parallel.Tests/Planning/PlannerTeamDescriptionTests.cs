using M1Parallel.MagenticOne.Orchestration;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Planning;
using M1Parallel.Teams;
using M1Parallel.Tests.TestSupport;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.Planning;

/// <summary>The planner plans for the team that will follow the plan: it describes the team's members in the very words
/// the team's own orchestrator uses for them.</summary>
public sealed class PlannerTeamDescriptionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("m1p-planner-team-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TestChatClient PlannerModel() =>
        new() { OnResponse = (_, _, i) => new ChatResponse(new ChatMessage(ChatRole.Assistant, $"reply {i}")) };

    [Theory]
    [InlineData(TeamAgents.All)]
    [InlineData(TeamAgents.Coder | TeamAgents.ComputerTerminal)]
    public async Task PlanRequest_IsTheOrchestratorsOwnForTheSameAgents(TeamAgents agents)
    {
        var plannerModel = PlannerModel();
        var teamModel = new OrchestratorScript();
        var team = new MagenticOneTeamFactory(TestBackends.One(teamModel), _folder, new TeamSettings { Agents = agents })
            .Create(new TeamContext(0, 0, new UsageTimeline(), new Progress<TeamStep>()));

        await new ChatPlanner(plannerModel, new ChatPlannerOptions(agents: agents)).CreatePlansAsync("What is 6 times 7?", 1, CancellationToken.None);
        await team.RunAsync("What is 6 times 7?", null, CancellationToken.None);

        var plannerRequest = plannerModel.Requests[1].Messages[^1].Text;
        var orchestratorRequest = Assert.Single(teamModel.Calls, c => c.Purpose == "plan").Text;
        Assert.Equal(TaskLedgerPrompts.Plan(TeamDescription.For(agents)), plannerRequest);
        Assert.EndsWith(plannerRequest, orchestratorRequest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoderAndTerminalTeam_ThePlannerNamesNoWebSurferOrFileSurfer()
    {
        var plannerModel = PlannerModel();

        await new ChatPlanner(plannerModel, new ChatPlannerOptions(PlanningStrategy.Diverse, agents: TeamAgents.Coder | TeamAgents.ComputerTerminal))
            .CreatePlansAsync("What is 6 times 7?", 2, CancellationToken.None);

        Assert.All(plannerModel.Requests.SelectMany(r => r.Messages), m =>
        {
            Assert.DoesNotContain("WebSurfer", m.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("FileSurfer", m.Text, StringComparison.Ordinal);
        });
        Assert.Contains("ComputerTerminal: ", plannerModel.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
    }
}
