using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Teams;

public sealed class TeamOptionsTests
{
    private static readonly ScriptedChatClient Client = new(_ => ScriptedChatClient.Text("x"));

    [Fact]
    public void TeamChatClients_UnsetRoles_UseTheDefault_AndFinalAnswerFollowsTheOrchestrator()
    {
        var orchestrator = new ScriptedChatClient(_ => ScriptedChatClient.Text("o"));
        var clients = new TeamChatClients(Client) { Orchestrator = orchestrator };

        Assert.Same(orchestrator, clients.For(TeamRole.FinalAnswer));
        Assert.Same(Client, clients.For(TeamRole.WebSurfer));
        Assert.Same(Client, clients.For(TeamRole.Coder));
    }

    [Fact]
    public void TeamChatClients_FromRoles_AsksForEveryRole()
    {
        var asked = new List<TeamRole>();

        var clients = TeamChatClients.FromRoles(role =>
        {
            asked.Add(role);
            return Client;
        });

        Assert.Equal(TeamRoles.InTeam.OrderBy(r => r), asked.OrderBy(r => r));
        Assert.Same(Client, clients.For(TeamRole.FileSurfer));
    }

    [Fact]
    public void TeamRoles_WireNames_RoundTrip_AndUnknownNamesListTheValidOnes()
    {
        Assert.All(TeamRoles.All, r => Assert.Equal(r, TeamRoles.Parse(r.ToWireName())));
        Assert.Equal(TeamRole.WebSurfer, TeamRoles.Parse("WEB_SURFER"));
        var ex = Assert.Throws<ArgumentException>(() => TeamRoles.Parse("boss"));
        Assert.Contains("final_answer", ex.Message);
        Assert.Contains("planner", ex.Message);
    }

    [Fact]
    public void TeamChatClients_PlannerOrAggregator_AreNotATeamsOwnRoles()
    {
        var clients = new TeamChatClients(Client);

        Assert.Throws<ArgumentOutOfRangeException>(() => clients.For(TeamRole.Planner));
        Assert.Throws<ArgumentOutOfRangeException>(() => clients.For(TeamRole.Aggregator));
    }

    [Fact]
    public void TeamAgentNames_WireNames_RoundTripInTheTablesOrder_AndAgentsWithARoleAreSpelledAsTheRole()
    {
        Assert.Equal(["web_surfer", "file_surfer", "coder", "computer_terminal"], TeamAgents.All.ToWireNames());
        Assert.Equal(["coder", "computer_terminal"], (TeamAgents.ComputerTerminal | TeamAgents.Coder).ToWireNames());
        Assert.True(TeamAgentNames.TryParse(TeamRole.WebSurfer.ToWireName(), out var web));
        Assert.Equal(TeamAgents.WebSurfer, web);
        Assert.False(TeamAgentNames.TryParse("painter", out _));
    }

    [Fact]
    public void TeamOptions_BlankWorkFolderOrNoSettings_AreRejectedAtConstruction()
    {
        using var folder = new TempFolder();
        var clients = new TeamChatClients(Client);

        Assert.Throws<ArgumentException>(() => new TeamOptions(clients, " "));
        Assert.Throws<ArgumentNullException>(() => new TeamOptions(clients, folder.Path) { Settings = null! });
    }

    [Fact]
    public void TeamOptions_MissingAttachedFile_NamesTheFile()
    {
        using var folder = new TempFolder();

        var ex = Assert.Throws<FileNotFoundException>(() => new TeamOptions(new TeamChatClients(Client), folder.Path) { AttachedFilePath = "/no/such/file.xlsx" });
        Assert.Contains("/no/such/file.xlsx", ex.Message);
    }

    [Fact]
    public void TeamOptions_Defaults_MatchMagenticOne()
    {
        using var folder = new TempFolder();

        var options = new TeamOptions(new TeamChatClients(Client), folder.Path).Settings;

        Assert.Equal(TeamAgents.All, options.Agents);
        Assert.Equal(20, options.MaxSteps);
        Assert.Equal(3, options.MaxStalls);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Terminal.Timeout);
        Assert.Equal("/usr/bin/chromium", options.WebSurfer.ChromiumPath);
        Assert.False(options.EnableThinking);
    }
}
