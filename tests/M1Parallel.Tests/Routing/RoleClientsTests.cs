using M1Parallel.MagenticOne.Teams;
using M1Parallel.Routing;
using M1Parallel.Tests.TestSupport;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.Routing;

public sealed class RoleClientsTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    private static TestChatClient Model() => new()
    {
        OnResponse = (_, _, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi")) { Usage = new UsageDetails { InputTokenCount = 50, OutputTokenCount = 5 } },
    };

    [Fact]
    public async Task For_ACallThatNamesNoRole_CarriesTheRoleOfItsClient_WithoutChangingTheCallersOptions()
    {
        var model = Model();
        var clients = new RoleClients(new RoleRoutes("main"), new TestBackends(("main", model)));
        var options = new ChatOptions { Temperature = 0.5f, Seed = 3 };

        await clients.For(TeamRole.Planner, new UsageTimeline()).GetResponseAsync(Hello, options);

        var sent = Assert.Single(model.Requests).Options!;
        Assert.Equal("planner", sent.AdditionalProperties![TeamChatOptionKeys.Role]);
        Assert.Equal(0.5f, sent.Temperature);
        Assert.Equal(3, sent.Seed);
        Assert.Null(options.AdditionalProperties);
    }

    [Fact]
    public async Task For_ACallThatNamesItsRole_KeepsIt()
    {
        var model = Model();
        var clients = new RoleClients(new RoleRoutes("main"), new TestBackends(("main", model)));
        var options = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { [TeamChatOptionKeys.Role] = "final_answer" } };

        await clients.For(TeamRole.Orchestrator, new UsageTimeline()).GetResponseAsync(Hello, options);

        Assert.Equal("final_answer", Assert.Single(model.Requests).Options!.AdditionalProperties![TeamChatOptionKeys.Role]);
    }

    [Fact]
    public async Task For_EveryCall_IsMeteredOnceOntoTheCallersTimeline_NamingTheBackend()
    {
        var clients = new RoleClients(new RoleRoutes("main", new Dictionary<TeamRole, string> { [TeamRole.Aggregator] = "judge" }),
            new TestBackends(("main", Model()), ("judge", Model())));
        var usage = new UsageTimeline();

        await clients.For(TeamRole.Aggregator, usage).GetResponseAsync(Hello);

        var entry = Assert.Single(usage.Entries());
        Assert.Equal(new TokenUsage(50, 5), entry.Tokens);
        Assert.Equal("judge", entry.Backend);
    }
}
