using M1Parallel.Aggregation;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Planning;

namespace M1Parallel.Teams;

/// <summary>Adapts one Magentic-One <see cref="Team"/> run to <see cref="ITeam"/>: the plan becomes the orchestrator's initial plan.</summary>
internal sealed class MagenticOneTeam(Team team, bool writeTranscript) : ITeam
{
    public Team Team => team;

    public async Task<TeamOutcome> RunAsync(string task, Plan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var result = await team.RunAsync(task, plan.Text, cancellationToken).ConfigureAwait(false);
        var transcript = result.Transcript.ToText();
        if (writeTranscript)
        {
            await WriteTranscriptAsync(transcript).ConfigureAwait(false);
        }

        // The team reports cancellation as a result; the parallel run expects the token's exception.
        if (result.StopReason == TeamStopReason.Cancelled || cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return ToOutcome(result, transcript);
    }

    internal static TeamOutcome ToOutcome(TeamResult result, string transcript)
    {
        var reason = StopReasonText(result);
        var messages = TeamMessages.From(result.Transcript.Entries);
        return result.Answered && !string.IsNullOrWhiteSpace(result.Answer)
            ? TeamOutcome.WithAnswer(result.Answer, transcript, result.Steps, reason, messages)
            : TeamOutcome.WithoutAnswer(transcript, result.Steps, reason, messages);
    }

    private static string StopReasonText(TeamResult result)
    {
        var name = result.StopReason switch
        {
            TeamStopReason.RequestSatisfied => "final answer",
            TeamStopReason.MaxTurnsReached => "max steps",
            TeamStopReason.LedgerUnparseable => "progress ledger unparseable",
            TeamStopReason.Cancelled => "cancelled",
            TeamStopReason.Error => "error",
            _ => result.StopReason.ToString(),
        };
        var message = result.StopMessage.ReplaceLineEndings(" ").Trim();
        return message.Length == 0 ? name : $"{name}: {message}";
    }

    private async Task WriteTranscriptAsync(string transcript)
    {
        try
        {
            await File.WriteAllTextAsync(Path.Combine(team.Options.WorkFolder, "transcript.txt"), transcript, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The transcript file is a convenience; the outcome carries the transcript either way.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
