using M1Parallel.Aggregation;
using M1Parallel.MagenticOne.Transcripts;

namespace M1Parallel.Tests.Aggregation;

public sealed class TeamMessagesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TranscriptEntry Entry(int index, string speaker, TranscriptEntryKind kind, string text, TranscriptToolCall? call = null) =>
        new(index, speaker, kind, text, T0, T0, null, call);

    [Fact]
    public void From_Transcript_KeepsTheMessagesTheMembersExchanged_AndDropsLedgerJsonToolDumpsAndNotes()
    {
        TranscriptEntry[] entries =
        [
            Entry(0, "user", TranscriptEntryKind.Task, "the task"),
            Entry(1, "Orchestrator", TranscriptEntryKind.Facts, "facts alone"),
            Entry(2, "Orchestrator", TranscriptEntryKind.Plan, "plan alone"),
            Entry(3, "Orchestrator", TranscriptEntryKind.TaskLedger, "the task ledger"),
            Entry(4, "Orchestrator", TranscriptEntryKind.ProgressLedger, "{\"is_request_satisfied\": {}}"),
            Entry(5, "Orchestrator", TranscriptEntryKind.Instruction, "[to WebSurfer] search"),
            Entry(6, "WebSurfer", TranscriptEntryKind.ToolCall, "web_search -> …", new TranscriptToolCall("1", "web_search", "{}", "<html>raw page</html>", false)),
            Entry(7, "WebSurfer", TranscriptEntryKind.AgentMessage, "found 42"),
            Entry(8, "team", TranscriptEntryKind.Note, "Stopped"),
            Entry(9, "Orchestrator", TranscriptEntryKind.FinalAnswer, "FINAL ANSWER: 42"),
        ];

        var messages = TeamMessages.From(entries);

        Assert.Equal(
        [
            new TeamMessage("user", "the task", false),
            new TeamMessage("Orchestrator", "the task ledger", true),
            new TeamMessage("Orchestrator", "[to WebSurfer] search", true),
            new TeamMessage("WebSurfer", "found 42", false),
            new TeamMessage("Orchestrator", "FINAL ANSWER: 42", true),
        ], messages);
    }
}
