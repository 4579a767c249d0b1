using M1Parallel.MagenticOne.Orchestration;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Teams;

public sealed class TeamDescriptionTests : IDisposable
{
    private readonly TeamScript _script = new();

    public void Dispose() => _script.Dispose();

    [Theory]
    [InlineData(TeamAgents.All)]
    [InlineData(TeamAgents.Coder | TeamAgents.ComputerTerminal)]
    [InlineData(TeamAgents.FileSurfer)]
    public async Task For_TheTeamsAgents_IsTheDescriptionItsOrchestratorPlansWith(TeamAgents agents)
    {
        await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { Settings = new() { Agents = agents }, TimeProvider = o.TimeProvider })
            .RunAsync("What is 6 times 7?");

        var planRequest = Assert.Single(_script.Orchestrator.Calls, c => c.Purpose == "plan").LastUserText;
        Assert.Equal(TaskLedgerPrompts.Plan(TeamDescription.For(agents)), planRequest);
    }

    [Fact]
    public void For_ListsOneLinePerAgentInTheTeamsOrder_WithoutTheOrchestrator()
    {
        var lines = TeamDescription.For(TeamAgents.All).Split('\n');

        Assert.Equal(["WebSurfer", "FileSurfer", "Coder", "ComputerTerminal"], lines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.DoesNotContain("Orchestrator:", TeamDescription.For(TeamAgents.All), StringComparison.Ordinal);
    }

    [Fact]
    public void For_SomeAgents_NamesOnlyThose()
    {
        var description = TeamDescription.For(TeamAgents.Coder | TeamAgents.ComputerTerminal);

        Assert.StartsWith("Coder: ", description, StringComparison.Ordinal);
        Assert.DoesNotContain("WebSurfer", description, StringComparison.Ordinal);
        Assert.DoesNotContain("FileSurfer", description, StringComparison.Ordinal);
    }

    [Fact]
    public void For_NoAgent_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TeamDescription.For(TeamAgents.None));
    }
}
