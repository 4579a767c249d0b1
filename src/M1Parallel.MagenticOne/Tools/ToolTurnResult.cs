using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tools;

/// <summary>What one agent turn with tools ended with.</summary>
/// <param name="Text">The model's text reply (thinking removed) when it called no tool; empty when it did.</param>
/// <param name="ToolCalls">The tool calls run, in order (none when the model replied in text).</param>
/// <param name="Usage">Usage of the turn's one model call.</param>
internal sealed record ToolTurnResult(string Text, IReadOnlyList<TranscriptToolCall> ToolCalls, UsageDetails? Usage)
{
    /// <summary>The usage not yet on a transcript entry: a text reply's (a tool call's entry carries the usage otherwise).</summary>
    public UsageDetails? UnrecordedUsage => ToolCalls.Count == 0 ? Usage : null;
}
