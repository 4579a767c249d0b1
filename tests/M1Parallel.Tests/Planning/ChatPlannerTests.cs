using M1Parallel.FailureMemory;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Planning;
using M1Parallel.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.Planning;

public sealed class ChatPlannerTests
{
    private static TestChatClient Numbered() =>
        new() { OnResponse = (_, _, i) => new ChatResponse(new ChatMessage(ChatRole.Assistant, $"<think>hmm</think>1. step of plan {i}")) };

    [Fact]
    public async Task Repeated_SamplesMagenticOnesFactsAndPlanConversationNTimesAtTheConfiguredTemperature()
    {
        var client = Numbered();
        var planner = new ChatPlanner(client, new ChatPlannerOptions(PlanningStrategy.Repeated, temperature: 1.2f));

        var plans = await planner.CreatePlansAsync("Find X", 3, CancellationToken.None);

        Assert.Equal(3, plans.Count);
        Assert.All(plans, p => Assert.DoesNotContain("think", p.Text));
        Assert.Equal(6, client.Requests.Count); // a facts survey and a plan request per sample
        var factsRequests = client.Requests.Where(r => r.Messages.Count == 2).ToArray();
        Assert.Equal(3, factsRequests.Length);
        Assert.Single(factsRequests.Select(r => r.Messages[^1].Text).Distinct());
        Assert.Contains("Find X", factsRequests[0].Messages[^1].Text);
        Assert.Contains("GIVEN OR VERIFIED FACTS", factsRequests[0].Messages[^1].Text);
        var planRequests = client.Requests.Where(r => r.Messages.Count == 4).ToArray();
        Assert.Equal(3, planRequests.Length);
        Assert.Single(planRequests.Select(r => r.Messages[^1].Text).Distinct());
        Assert.All(planRequests, r => Assert.Contains("write a short plan", r.Messages[^1].Text));
        Assert.All(client.Requests, r => Assert.Equal(1.2f, r.Options!.Temperature));
    }

    [Fact]
    public async Task Seed_EachRequestGetsTheBaseSeedPlusItsIndex_SoRerunsRepeatAndPlansDiffer()
    {
        var client = Numbered();
        var planner = new ChatPlanner(client, new ChatPlannerOptions(PlanningStrategy.Repeated) { Seed = 100 });

        await planner.CreatePlansAsync("Find X", 2, CancellationToken.None);

        Assert.Equal([100L, 101L, 102L, 103L], client.Requests.Select(r => r.Options!.Seed!.Value).Order());
    }

    [Fact]
    public async Task NoSeed_LeavesSamplingUnseeded()
    {
        var client = Numbered();

        await new ChatPlanner(client).CreatePlansAsync("Find X", 2, CancellationToken.None);

        Assert.All(client.Requests, r => Assert.Null(r.Options!.Seed));
    }

    [Fact]
    public async Task Diverse_ContinuesTheFirstPlansConversationWithTheRequestForADifferentPlan()
    {
        var client = Numbered();
        var planner = new ChatPlanner(client, new ChatPlannerOptions(PlanningStrategy.Diverse));

        var plans = await planner.CreatePlansAsync("Find X", 3, CancellationToken.None);

        Assert.Equal(4, client.Requests.Count); // facts, π1, then one request per further plan
        var first = client.Requests[1].Messages;
        Assert.Contains("GIVEN OR VERIFIED FACTS", first[1].Text);
        Assert.Equal("1. step of plan 1", plans[0].Text);
        var second = client.Requests[2].Messages;
        Assert.Equal(first.Select(m => m.Text), second.Take(first.Count).Select(m => m.Text)); // the same conversation, continued
        Assert.Equal(ChatRole.Assistant, second[first.Count].Role);
        Assert.Equal(plans[0].Text, second[first.Count].Text);
        Assert.Contains("differs from all of them in its approach, in the team members it uses, or in the order of its steps", second[^1].Text);
        var third = client.Requests[3].Messages;
        Assert.Equal(plans[1].Text, third[^2].Text);
        Assert.Equal(second[^1].Text, third[^1].Text);
        Assert.Equal(3, plans.Select(p => p.Text).Distinct().Count());
    }

    [Fact]
    public async Task Replan_PromptShowsTheFailedPlansAndWhatHappened()
    {
        var client = Numbered();
        var planner = new ChatPlanner(client);
        var failure = new FailureRecord(1, 0, new Plan("1. WebSurfer searches Bing"), "the site was down", "stalled", DateTimeOffset.UnixEpoch);

        var plan = await planner.ReplanAsync("Find X", [failure], CancellationToken.None);

        var prompt = client.Requests[0].Messages[^1].Text;
        Assert.Contains("1. WebSurfer searches Bing", prompt);
        Assert.Contains("the site was down", prompt);
        Assert.Contains("stalled", prompt);
        Assert.Contains("avoids what went wrong", prompt);
        Assert.Equal("1. step of plan 0", plan.Text);
    }

    [Fact]
    public async Task Repeated_EachPlanCarriesItsOwnSamplesFacts()
    {
        var client = Numbered();
        var planner = new ChatPlanner(client, new ChatPlannerOptions(PlanningStrategy.Repeated));

        var plans = await planner.CreatePlansAsync("Find X", 3, CancellationToken.None);

        var surveyed = client.Requests.Where(r => r.Messages.Count == 4).Select(r => r.Messages[2].Text).ToHashSet();
        Assert.Equal(surveyed, plans.Select(p => p.Facts!).ToHashSet());
        Assert.Equal(3, surveyed.Count);
    }

    [Fact]
    public async Task Diverse_EveryPlanCarriesTheFactsOfTheFirstPlansConversation()
    {
        var client = Numbered();
        var planner = new ChatPlanner(client, new ChatPlannerOptions(PlanningStrategy.Diverse));

        var plans = await planner.CreatePlansAsync("Find X", 3, CancellationToken.None);

        Assert.All(plans, p => Assert.Equal("1. step of plan 0", p.Facts));
        Assert.Equal("1. step of plan 0", client.Requests[1].Messages[2].Text);
    }

    [Fact]
    public async Task Replan_CarriesTheFactsOfTheTasksFirstPlan_OrNoneWhenThePlannerMadeNone()
    {
        var client = Numbered();
        var planner = new ChatPlanner(client, new ChatPlannerOptions(PlanningStrategy.Diverse));
        var failure = new FailureRecord(0, 0, new Plan("1. Coder computes it"), "the code failed", "stalled", DateTimeOffset.UnixEpoch);

        var unknown = await planner.ReplanAsync("Find X", [failure], CancellationToken.None);
        var plans = await planner.CreatePlansAsync("Find X", 2, CancellationToken.None);
        var known = await planner.ReplanAsync("Find X", [failure], CancellationToken.None);
        var other = await planner.ReplanAsync("Find Y", [failure], CancellationToken.None);

        Assert.Null(unknown.Facts);
        Assert.NotNull(plans[0].Facts);
        Assert.Equal(plans[0].Facts, known.Facts);
        Assert.Null(other.Facts);
    }

    [Fact]
    public async Task Replan_PromptDescribesTheTeamsAgentsOnly()
    {
        var client = Numbered();
        var planner = new ChatPlanner(client, new ChatPlannerOptions(agents: TeamAgents.Coder | TeamAgents.ComputerTerminal));
        var failure = new FailureRecord(0, 0, new Plan("1. Coder computes it"), "the code failed", "stalled", DateTimeOffset.UnixEpoch);

        await planner.ReplanAsync("Find X", [failure], CancellationToken.None);

        var prompt = client.Requests[0].Messages[^1].Text;
        Assert.Contains(TeamDescription.For(TeamAgents.Coder | TeamAgents.ComputerTerminal), prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("WebSurfer", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("FileSurfer", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyReply_OnlyReasoning_FailsWithAPlanningException()
    {
        var client = new TestChatClient { OnResponse = (_, _, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "<think>never finished")) };

        var error = await Assert.ThrowsAsync<PlanningException>(() => new ChatPlanner(client).CreatePlansAsync("task", 1, CancellationToken.None));
        Assert.Contains("max output tokens", error.Message);
    }

    [Fact]
    public void Options_TemperatureOutOfRange_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatPlannerOptions(temperature: 3f));
    }
}
