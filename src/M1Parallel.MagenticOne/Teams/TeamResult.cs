using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Teams;

/// <summary>The outcome of one team run.</summary>
/// <param name="Answered">Whether a final answer was produced.</param>
/// <param name="Answer">The text after <c>FINAL ANSWER:</c>, or null when not answered.</param>
/// <param name="StopReason">Why the team stopped.</param>
/// <param name="StopMessage">The stop reason in words (what happened and, for failures, what to change).</param>
/// <param name="Transcript">Everything said and done.</param>
/// <param name="Steps">Inner-loop turns taken; each starts with a progress ledger, which then picks a speaker, triggers re-planning, or ends the run.</param>
/// <param name="Replans">How many times stalls made the orchestrator revise facts and plan.</param>
/// <param name="Latency">Wall time of the run until it stopped (before its agents are closed), from the team's time provider.</param>
/// <param name="Usage">Tokens used by all the run's model calls.</param>
public sealed record TeamResult(
    bool Answered,
    string? Answer,
    TeamStopReason StopReason,
    string StopMessage,
    Transcript Transcript,
    int Steps,
    int Replans,
    TimeSpan Latency,
    UsageDetails Usage)
{
    /// <summary>Why the team stopped, on one line: the reason (final answer, max steps, progress ledger unparseable,
    /// cancelled, error) and its message; what the failure memory and the run's events show.</summary>
    public string StopSummary
    {
        get
        {
            var name = StopReason switch
            {
                TeamStopReason.RequestSatisfied => "final answer",
                TeamStopReason.MaxTurnsReached => "max steps",
                TeamStopReason.LedgerUnparseable => "progress ledger unparseable",
                TeamStopReason.Cancelled => "cancelled",
                TeamStopReason.Error => "error",
                _ => StopReason.ToString(),
            };
            var message = StopMessage.ReplaceLineEndings(" ").Trim();
            return message.Length == 0 ? name : $"{name}: {message}";
        }
    }

    /// <summary>A team that failed before it could work or report (for example its factory threw): no answer, no transcript.</summary>
    public static TeamResult Failure(string message) =>
        new(false, null, TeamStopReason.Error, message, new Transcript(), 0, 0, TimeSpan.Zero, new UsageDetails());
}
