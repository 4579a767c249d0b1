using M1Parallel.Aggregation;
using M1Parallel.MagenticOne.Orchestration;
using M1Parallel.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.Aggregation;

public sealed class LlmAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TeamAnswer Team(int index, string answer, params TeamMessage[] messages) =>
        new(index, 0, answer, T0.AddSeconds(index)) { Messages = messages, StopReason = "final answer" };

    private static TeamMessage Orchestrator(string text) => new("Orchestrator", text, FromOrchestrator: true);

    private static TeamMessage Agent(string name, string text) => new(name, text, FromOrchestrator: false);

    private static TestChatClient Replying(string text) =>
        new() { OnResponse = (_, _, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) };

    private static async Task<IReadOnlyList<ChatMessage>> PromptAsync(string task, TeamAnswer[] answers, int maxPromptChars = 48_000)
    {
        var client = Replying("FINAL ANSWER: 42");
        await new LlmAggregator(client, new LlmAggregatorOptions(maxPromptChars: maxPromptChars)).AggregateAsync(task, answers, CancellationToken.None);
        return Assert.Single(client.Requests).Messages;
    }

    [Theory]
    [InlineData("**FINAL ANSWER:** 42")]
    [InlineData("Team 2 is right.\n**FINAL ANSWER**: `42`")]
    [InlineData("FINAL ANSWER: **42**")]
    [InlineData("### FINAL ANSWER:\n\n42")]
    public async Task Reply_FinalAnswerInMarkdown_IsTheAnswerWithoutTheMarkdown(string reply)
    {
        var result = await new LlmAggregator(Replying(reply)).AggregateAsync("task", [Team(0, "41"), Team(1, "42")], CancellationToken.None);

        Assert.Equal("42", result.Answer);
        Assert.Equal([1], result.SupportingTeams);
    }

    [Fact]
    public async Task Reply_FinalAnswerLine_IsTheAnswer_ReasoningIgnored()
    {
        var client = Replying("<think>FINAL ANSWER: wrong</think>Team 1 said FINAL ANSWER: 41, but team 2 checked the source.\nFINAL ANSWER: 42");

        var result = await new LlmAggregator(client).AggregateAsync("task", [Team(0, "41"), Team(1, "42.0")], CancellationToken.None);

        Assert.Equal("42", result.Answer);
        Assert.Equal("llm", result.Method);
        Assert.Equal([1], result.SupportingTeams);
    }

    [Fact]
    public async Task Reply_WithoutFinalAnswer_FallsBackToMajorityAndSaysSo()
    {
        var client = Replying("I cannot decide.");

        var result = await new LlmAggregator(client).AggregateAsync("task", [Team(0, "a"), Team(1, "b"), Team(2, "b")], CancellationToken.None);

        Assert.Equal("b", result.Answer);
        Assert.Contains("fell back to majority", result.Rationale);
    }

    [Fact]
    public async Task Prompt_FollowsThePapersAggregationPrompt_WithGaiaFormatRulesAndANeutralSystemPrompt()
    {
        var messages = await PromptAsync("What is 6 × 7?", [Team(0, "41"), Team(1, "42")]);

        Assert.Equal(ChatRole.System, messages[0].Role);
        var preamble = messages[1].Text;
        Assert.Contains("What is 6 × 7?", preamble);
        Assert.Contains("transcripts and stop reasons of 2 different teams", preamble);
        Assert.Contains("critically", preamble);
        Assert.Contains("biased or wrong", preamble);
        Assert.Equal(
            ["Transcript of Team #1:", "Stop reason of Team #1:", "Transcript of Team #2:", "Stop reason of Team #2:"],
            messages.Select(m => m.Text).Where(t => t.StartsWith("Transcript of", StringComparison.Ordinal) || t.StartsWith("Stop reason of", StringComparison.Ordinal)));
        Assert.Contains(messages, m => m.Text.Contains("The team's final answer: 41", StringComparison.Ordinal));
        var final = messages[^1].Text;
        Assert.Contains("Think step by step", final);
        Assert.Contains("What is 6 × 7?", final);
        Assert.Contains(FinalAnswerFormat.Instructions, final);
        Assert.Contains("FINAL ANSWER: [YOUR FINAL ANSWER]", final);
        Assert.All(messages, m => Assert.DoesNotContain("agree", m.Text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Prompt_TeamMessages_ArePassedAsChatMessages_OrchestratorAsAssistantOthersAsNamedUsers()
    {
        var team = Team(0, "42",
            Agent("user", "What is 6 × 7?"),
            Orchestrator("Plan: ask the Coder."),
            Agent("Coder", "6 * 7 = 42"),
            Orchestrator("FINAL ANSWER: 42"));

        var messages = await PromptAsync("What is 6 × 7?", [team, Team(1, "41")]);

        var start = messages.ToList().FindIndex(m => m.Text == "Transcript of Team #1:");
        var transcript = messages.Skip(start + 1).Take(4).ToArray();
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], transcript.Select(m => m.Role));
        Assert.Equal(["[user]\nWhat is 6 × 7?", "Plan: ask the Coder.", "[Coder]\n6 * 7 = 42", "FINAL ANSWER: 42"], transcript.Select(m => m.Text));
        Assert.Equal(["user", "Orchestrator", "Coder", "Orchestrator"], transcript.Select(m => m.AuthorName));
        Assert.Equal("Stop reason of Team #1:", messages[start + 5].Text);
    }

    [Fact]
    public async Task Prompt_LongTranscripts_AreCutNewestFirstToTheBudget()
    {
        var steps = Enumerable.Range(1, 40).Select(i => Agent("WebSurfer", $"STEP {i:00} " + new string('x', 290))).ToList();
        var long1 = Team(0, "41", [.. steps, Orchestrator("NEWEST OF TEAM 1: FINAL ANSWER: 41")]);
        var long2 = Team(1, "42", [.. steps, Orchestrator("NEWEST OF TEAM 2: FINAL ANSWER: 42")]);
        var short3 = Team(2, "42", Agent("Coder", "short work"), Orchestrator("FINAL ANSWER: 42"));

        var messages = await PromptAsync("task", [long1, long2, short3], maxPromptChars: 6000);

        var texts = messages.Select(m => m.Text).ToArray();
        Assert.True(texts.Sum(t => t.Length) <= 6000, $"the prompt has {texts.Sum(t => t.Length)} characters, over the budget of 6000");
        Assert.Contains("NEWEST OF TEAM 1: FINAL ANSWER: 41", texts);
        Assert.Contains("NEWEST OF TEAM 2: FINAL ANSWER: 42", texts);
        Assert.Contains("[Coder]\nshort work", texts);
        Assert.Contains(texts, t => t.Contains("STEP 40", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("STEP 01", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Transcript of Team #1 (its ", StringComparison.Ordinal) && t.Contains("left out", StringComparison.Ordinal));
        Assert.Contains("Transcript of Team #3:", texts);
    }

    [Fact]
    public async Task Prompt_OneMessageLongerThanTheBudget_KeepsItsStartAndEnd()
    {
        var huge = "I SEARCHED FIRST. " + new string('y', 20_000) + " FINAL ANSWER: 42";

        var messages = await PromptAsync("task", [Team(0, "42", Orchestrator(huge))], maxPromptChars: 4000);

        var kept = Assert.Single(messages, m => m.Role == ChatRole.Assistant).Text;
        Assert.StartsWith("I SEARCHED FIRST.", kept);
        Assert.EndsWith("FINAL ANSWER: 42", kept);
        Assert.Contains("cut to fit the context", kept);
        Assert.True(messages.Sum(m => m.Text.Length) <= 4000);
    }

    [Fact]
    public async Task Budget_TooSmallForTheAnswersThemselves_FailsClearly()
    {
        var client = Replying("FINAL ANSWER: x");
        var longAnswer = new string('a', 5000);

        var error = await Assert.ThrowsAsync<AggregationException>(() =>
            new LlmAggregator(client, new LlmAggregatorOptions(maxPromptChars: 3000)).AggregateAsync("task", [Team(0, longAnswer)], CancellationToken.None));
        Assert.Contains("maxPromptChars", error.Message);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public void Options_TinyBudget_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlmAggregatorOptions(maxPromptChars: 100));
    }
}
