using M1Parallel.MagenticOne.Agents;
using M1Parallel.MagenticOne.Agents.FileSurfer;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Tests.TestDoubles;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tests.Agents.FileSurfer;

public sealed class FileSurferAgentTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Transcript _transcript = new();

    public void Dispose() => _folder.Dispose();

    private FileSurferAgent Create(ScriptedChatClient model) =>
        new(new TeamRun(new TeamOptions(new TeamChatClients(model), _folder.Path), _transcript));

    private static IReadOnlyList<ThreadMessage> Instruction(string text) => [new ThreadMessage("Orchestrator", $"[to FileSurfer] {text}")];

    [Fact]
    public async Task RespondAsync_TwoToolCallsInTheOneReply_BothRunFromOneModelCall_AndTheReplyIsTheViewTheyLeave()
    {
        _folder.Write("notes.md", "# Notes\n" + string.Concat(Enumerable.Range(1, 400).Select(i => $"line {i} of the notes\n")) + "The key is 4711.\n");
        var model = new ScriptedChatClient(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant,
        [
            new FunctionCallContent("a", "open_path", new Dictionary<string, object?> { ["path"] = "notes.md" }),
            new FunctionCallContent("b", "find_on_page", new Dictionary<string, object?> { ["search_string"] = "key is" }),
        ]))
        {
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 },
        });
        var agent = Create(model);

        var turn = await agent.RespondAsync(Instruction("Find the key in notes.md."), CancellationToken.None);

        Assert.Single(model.Calls);
        Assert.Equal(["open_path", "find_on_page"], _transcript.Entries.Where(e => e.Kind == TranscriptEntryKind.ToolCall).Select(e => e.ToolCall!.Name));
        Assert.Contains("The key is 4711.", turn.Text);
        Assert.DoesNotContain("line 1 of the notes", turn.Text);
        Assert.Null(turn.FinalCallUsage); // recorded on the first tool call's entry
        Assert.Equal(110, turn.StepUsage!.TotalTokenCount);
    }

    [Fact]
    public async Task RespondAsync_ModelAnswersInText_ThatTextIsTheReply_AndNoToolRuns()
    {
        var model = new ScriptedChatClient(_ => ScriptedChatClient.Text("The key is 4711."));
        var agent = Create(model);

        var turn = await agent.RespondAsync(Instruction("What is the key?"), CancellationToken.None);

        Assert.Equal("The key is 4711.", turn.Text);
        Assert.Equal(110, turn.FinalCallUsage!.TotalTokenCount);
        Assert.DoesNotContain(_transcript.Entries, e => e.Kind == TranscriptEntryKind.ToolCall);
    }
}
