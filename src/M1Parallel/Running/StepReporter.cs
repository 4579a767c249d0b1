using M1Parallel.Events;
using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Running;

/// <summary>Turns a team's step reports into timestamped run events: <c>#N Speaker: Kind: text</c>, numbered from 1,
/// the text on one line and cut at 160 characters.</summary>
internal sealed class StepReporter(RunEventLog log, int teamIndex, int attempt) : IProgress<TeamStep>
{
    private const int MaxTextChars = 160;

    public void Report(TeamStep value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Text.ReplaceLineEndings(" ").Trim();
        if (text.Length > MaxTextChars)
        {
            text = text[..MaxTextChars] + "…";
        }

        log.Emit(RunEventKind.Step, teamIndex, attempt, $"#{value.Sequence + 1} {value.Speaker}: {value.Kind}: {text}");
    }
}
