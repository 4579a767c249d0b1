using M1Parallel.MagenticOne.Transcripts;

namespace M1Parallel.Aggregation;

/// <summary>Picks from a Magentic-One transcript the messages the team's members exchanged, as autogen's aggregator passes a team's messages.</summary>
public static class TeamMessages
{
    /// <summary>
    /// The task, the orchestrator's task ledgers, instructions and final answer, and the agents' replies, in order.
    /// Progress ledgers (JSON), tool calls and their raw results, fact sheets and plans on their own (the task ledger
    /// holds them) and the team's notes are left out: autogen's aggregator skips tool-call events and never sees the
    /// orchestrator's inner ledger.
    /// </summary>
    public static IReadOnlyList<TeamMessage> From(IEnumerable<TranscriptEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries
            .Where(e => e.Text.Length > 0)
            .Select(e => e.Kind switch
            {
                TranscriptEntryKind.Task or TranscriptEntryKind.AgentMessage => new TeamMessage(e.Speaker, e.Text, FromOrchestrator: false),
                TranscriptEntryKind.TaskLedger or TranscriptEntryKind.Instruction or TranscriptEntryKind.FinalAnswer => new TeamMessage(e.Speaker, e.Text, FromOrchestrator: true),
                _ => null,
            })
            .OfType<TeamMessage>()
            .ToArray();
    }
}
