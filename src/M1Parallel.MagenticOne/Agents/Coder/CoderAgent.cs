using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Formats;
using M1Parallel.MagenticOne.Transcripts;

namespace M1Parallel.MagenticOne.Agents.Coder;

/// <summary>Writes one complete python or sh block per reply for the ComputerTerminal to run.</summary>
internal sealed class CoderAgent : ITeamAgent
{
    private readonly TeamRun _run;

    public CoderAgent(TeamRun run) => _run = run;

    public string Name => AgentNames.Coder;

    /// <summary>What the Coder can do, in one line: its <see cref="Description"/>, and its line in the planner's and
    /// the orchestrator's team description (<see cref="TeamDescription"/>).</summary>
    public const string Capabilities =
        "Writes Python or shell code to compute, analyse data, or read and transform files; it cannot run code itself — ComputerTerminal runs what it writes.";

    public string Description => Capabilities;

    public async Task<AgentTurn> RespondAsync(IReadOnlyList<ThreadMessage> thread, CancellationToken cancellationToken)
    {
        var started = _run.Now();
        var messages = AgentContext.Build(SystemPrompt, Name, thread);
        var options = _run.NewChatOptions(TeamRole.Coder, "agent_step");
        var response = await _run.ClientFor(TeamRole.Coder).GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var text = ThinkingText.Strip(response.Text);
        if (text.Length == 0)
        {
            text = "(Coder gave an empty reply.)";
            _run.Record(Name, TranscriptEntryKind.Note, "The Coder's reply was empty after removing thinking.", started);
        }

        return new AgentTurn(text, response.Usage, response.Usage);
    }

    public Task ResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private const string SystemPrompt = """
        You are Coder, the programmer of a small team working on a task together. You solve problems by writing code,
        which the team's ComputerTerminal runs for you; you then see its output in the conversation.

        How to write code:
        - Put exactly one complete code block in each reply, fenced as ```python or ```sh. Never split a program across
          replies and never leave parts for someone else to fill in: every block must run as it is.
        - The code runs in the team's folder, which holds any files that came with the task. Use relative paths.
        - There is no network access. Only the Python standard library and packages already installed are available.
        - Print everything you need to see: the terminal reports only what the program prints (stdout and stderr).
        - If the output shows an error, work out why and send the whole corrected block.
        - To save a file, write it from the code itself (with open(...) or a shell redirect).

        When the output already answers the instruction, reply in plain words with the result and no code block.
        """;
}
