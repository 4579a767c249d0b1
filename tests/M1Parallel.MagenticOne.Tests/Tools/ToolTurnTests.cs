using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Tests.TestDoubles;
using M1Parallel.MagenticOne.Tools;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tests.Tools;

public sealed class ToolTurnTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (ToolTurn Turn, Transcript Transcript) Create(ScriptedChatClient client)
    {
        var transcript = new Transcript();
        var run = new TeamRun(new TeamOptions(new TeamChatClients(client), _folder.Path), transcript);
        return (new ToolTurn(run), transcript);
    }

    private static readonly AIFunction Add = AIFunctionFactory.Create((int a, int b) => a + b, "add", "Adds two numbers.");

    private static ChatResponse TwoCalls(string first, string second) => new(new ChatMessage(ChatRole.Assistant,
    [
        new FunctionCallContent("x", first, new Dictionary<string, object?> { ["a"] = 1, ["b"] = 1 }),
        new FunctionCallContent("y", second, new Dictionary<string, object?> { ["a"] = 2, ["b"] = 2 }),
    ]))
    {
        Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 },
    };

    [Fact]
    public async Task RunAsync_ModelCallsATool_RunsItAndReturnsItsResultWithoutAskingTheModelAgain()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.ToolCall("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 }, "c1"));
        var (turn, transcript) = Create(client);

        var result = await turn.RunAsync(TeamRole.Coder, "Tester", [new(ChatRole.User, "Add 2 and 3.")], [Add], 1, CancellationToken.None);

        Assert.Single(client.Calls);
        Assert.NotNull(client.Calls[0].Options!.Tools);
        var call = Assert.Single(result.ToolCalls);
        Assert.Equal(("c1", "add", "5", false), (call.CallId, call.Name, call.Result, call.Failed));
        Assert.Contains("\"a\":2", call.ArgumentsJson);
        Assert.Equal(string.Empty, result.Text);
        Assert.Equal(110, result.Usage!.TotalTokenCount);
        Assert.Null(result.UnrecordedUsage);
        Assert.Single(transcript.Entries, e => e.Kind == TranscriptEntryKind.ToolCall && e.Usage is not null);
    }

    [Fact]
    public async Task RunAsync_ModelRepliesInText_TheTextWithoutThinkingIsTheResult_AndItsUsageIsNotYetRecorded()
    {
        var (turn, transcript) = Create(new ScriptedChatClient(_ => ScriptedChatClient.Text("<think>hmm</think>\nThe answer.")));

        var result = await turn.RunAsync(TeamRole.Coder, "Tester", [new(ChatRole.User, "go")], [Add], 1, CancellationToken.None);

        Assert.Equal("The answer.", result.Text);
        Assert.Empty(result.ToolCalls);
        Assert.Equal(110, result.UnrecordedUsage!.TotalTokenCount);
        Assert.Empty(transcript.Entries);
    }

    [Fact]
    public async Task RunAsync_TwoCallsInOneReplyAndOneAllowed_RunsOnlyTheFirst_AndTheTranscriptSaysSo()
    {
        var multiply = AIFunctionFactory.Create(int (int a, int b) => throw new InvalidOperationException("must not run"), "multiply");
        var client = new ScriptedChatClient(_ => TwoCalls("add", "multiply"));
        var (turn, transcript) = Create(client);

        var result = await turn.RunAsync(TeamRole.WebSurfer, "Tester", [new(ChatRole.User, "go")], [Add, multiply], 1, CancellationToken.None);

        Assert.Single(client.Calls);
        Assert.Equal(["add"], result.ToolCalls.Select(c => c.Name));
        var note = Assert.Single(transcript.Entries, e => e.Kind == TranscriptEntryKind.Note);
        Assert.Contains("2 tool calls (add, multiply)", note.Text);
        Assert.Contains("only add ran", note.Text);
    }

    [Fact]
    public async Task RunAsync_SeveralCallsAllowed_RunInOrderFromTheOneModelCall()
    {
        var client = new ScriptedChatClient(_ => TwoCalls("add", "add"));
        var (turn, transcript) = Create(client);

        var result = await turn.RunAsync(TeamRole.FileSurfer, "Tester", [new(ChatRole.User, "go")], [Add], int.MaxValue, CancellationToken.None);

        Assert.Single(client.Calls);
        Assert.Equal(["2", "4"], result.ToolCalls.Select(c => c.Result));
        Assert.Equal(["x", "y"], result.ToolCalls.Select(c => c.CallId));
        Assert.Single(transcript.Entries, e => e.Kind == TranscriptEntryKind.ToolCall && e.Usage is not null);
    }

    [Fact]
    public async Task RunAsync_ACallFails_TheCallsAfterItDoNotRun()
    {
        var (turn, _) = Create(new ScriptedChatClient(_ => TwoCalls("multiply", "add")));

        var result = await turn.RunAsync(TeamRole.FileSurfer, "Tester", [new(ChatRole.User, "go")], [Add], int.MaxValue, CancellationToken.None);

        var call = Assert.Single(result.ToolCalls);
        Assert.True(call.Failed);
    }

    [Fact]
    public async Task RunAsync_UnknownTool_TheResultNamesTheToolsThatExist()
    {
        var (turn, _) = Create(new ScriptedChatClient(_ => ScriptedChatClient.ToolCall("multiply", new Dictionary<string, object?>())));

        var result = await turn.RunAsync(TeamRole.Coder, "Tester", [new(ChatRole.User, "go")], [Add], 1, CancellationToken.None);

        var call = Assert.Single(result.ToolCalls);
        Assert.True(call.Failed);
        Assert.Contains("no tool named 'multiply'", call.Result);
        Assert.Contains("add", call.Result);
    }

    [Fact]
    public async Task RunAsync_ToolThrows_TheErrorIsTheResultInsteadOfStoppingTheTeam()
    {
        var failing = AIFunctionFactory.Create(string (string path) => throw new FileNotFoundException($"No file '{path}'."), "open_path");
        var (turn, _) = Create(new ScriptedChatClient(_ => ScriptedChatClient.ToolCall("open_path", new Dictionary<string, object?> { ["path"] = "x.txt" })));

        var result = await turn.RunAsync(TeamRole.FileSurfer, "Tester", [new(ChatRole.User, "go")], [failing], 1, CancellationToken.None);

        Assert.Contains("No file 'x.txt'", Assert.Single(result.ToolCalls).Result);
    }
}
