using System.Text;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Transcripts;

namespace M1Parallel.MagenticOne.Agents.Terminal;

/// <summary>Runs the code blocks of the most recent message that has any, and reports the output. Makes no model calls.</summary>
internal sealed class ComputerTerminalAgent : ITeamAgent
{
    private readonly TeamRun _run;
    private readonly CodeRunner _runner;

    public ComputerTerminalAgent(TeamRun run)
    {
        _run = run;
        _runner = new CodeRunner(run.Settings.Terminal, run.Options.WorkFolder, run.Clock);
    }

    public string Name => AgentNames.ComputerTerminal;

    /// <summary>What the ComputerTerminal can do, in one line: its <see cref="Description"/>, and its line in the planner's and
    /// the orchestrator's team description (<see cref="TeamDescription"/>).</summary>
    public const string Capabilities =
        "Runs the python or sh code block in the most recent message that has one (usually Coder's) in the team's folder, and reports exit status and output. Ask it only after Coder has written code.";

    public string Description => Capabilities;

    internal CodeRunner Runner => _runner;

    public async Task<AgentTurn> RespondAsync(IReadOnlyList<ThreadMessage> thread, CancellationToken cancellationToken)
    {
        IReadOnlyList<CodeBlock> blocks = [];
        for (var i = thread.Count - 1; i >= 0 && blocks.Count == 0; i--)
        {
            if (thread[i].Source != Name)
            {
                blocks = CodeBlock.Extract(thread[i].Text);
            }
        }

        if (blocks.Count == 0)
        {
            return new AgentTurn(
                "No code to run: no message in the conversation holds a ```python or ```sh block. Ask Coder to write the code first.",
                null,
                null);
        }

        var reply = new StringBuilder();
        for (var i = 0; i < blocks.Count; i++)
        {
            var started = _run.Now();
            var result = await _runner.RunAsync(blocks[i], cancellationToken).ConfigureAwait(false);
            var label = blocks.Count > 1 ? $"Code block {i + 1} of {blocks.Count}" : "The code";
            reply.Append(label).Append(" (").Append(blocks[i].Language == CodeLanguage.Python ? "python" : "sh").Append(") ")
                .Append(result.OutcomeInWords(_run.Settings.Terminal.Timeout)).AppendLine(".");
            foreach (var note in result.Notes)
            {
                reply.Append("Note: ").AppendLine(note);
                _run.Record(Name, TranscriptEntryKind.Note, note, started);
            }

            reply.AppendLine(result.Output.Length == 0 ? "It printed nothing." : "Output:")
                .AppendLine(result.Output.Length == 0 ? string.Empty : $"```\n{result.Output.TrimEnd()}\n```");
            if (result.Cancelled)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!result.Succeeded)
            {
                if (i < blocks.Count - 1)
                {
                    reply.AppendLine($"The remaining {blocks.Count - i - 1} block(s) were not run.");
                }

                break;
            }
        }

        return new AgentTurn(reply.ToString().TrimEnd(), null, null);
    }

    public Task ResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
