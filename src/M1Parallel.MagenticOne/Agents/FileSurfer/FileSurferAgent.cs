using System.ComponentModel;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Tools;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>Reads files in the team's folder through tools: open_path, page_up, page_down, find_on_page, find_next.</summary>
internal sealed class FileSurferAgent : ITeamAgent
{
    private readonly TeamRun _run;
    private readonly FileBrowser _browser;
    private readonly IReadOnlyList<AIFunction> _tools;

    public FileSurferAgent(TeamRun run)
    {
        _run = run;
        _browser = new FileBrowser(run.Options.WorkFolder);
        _tools =
        [
            AIFunctionFactory.Create(
                ([Description("Path of a file or folder, relative to the team's folder (e.g. 'data.csv' or '.').")] string path) => _browser.Open(path),
                "open_path",
                "Open a local file or folder and show its first page of text."),
            AIFunctionFactory.Create(() => _browser.PageDown(), "page_down", "Show the next page of the open file."),
            AIFunctionFactory.Create(() => _browser.PageUp(), "page_up", "Show the previous page of the open file."),
            AIFunctionFactory.Create(
                ([Description("Text to find; case-insensitive, '*' matches any characters within a word.")] string search_string) => _browser.Find(search_string),
                "find_on_page",
                "Jump to the first page (from the current one on) of the open file that contains the text."),
            AIFunctionFactory.Create(() => _browser.FindNext(), "find_next", "Jump to the next page containing the text of the last search."),
        ];
    }

    public string Name => AgentNames.FileSurfer;

    public string Description => FileSurferCapabilities.Description;

    internal FileBrowser Browser => _browser;

    public async Task<AgentTurn> RespondAsync(IReadOnlyList<ThreadMessage> thread, CancellationToken cancellationToken)
    {
        var messages = AgentContext.Build(SystemPrompt, Name, thread);
        if (_browser.OpenPath is not null)
        {
            messages.Add(new ChatMessage(ChatRole.User, $"[state] The file open now is {_browser.OpenPath}, page {_browser.PageIndex + 1} of {_browser.PageCount}."));
        }

        // One model call per turn. Like autogen-ext's FileSurfer (_file_surfer.py), every tool call in that one reply runs, in
        // order, and the reply is the view they leave (the last call's page); a call that fails ends the turn with its error.
        var result = await new ToolTurn(_run)
            .RunAsync(TeamRole.FileSurfer, Name, messages, _tools, int.MaxValue, cancellationToken)
            .ConfigureAwait(false);
        return new AgentTurn(AgentReplies.FromToolTurn(result, Name), result.UnrecordedUsage, result.Usage);
    }

    public Task ResetAsync(CancellationToken cancellationToken)
    {
        _browser.Reset();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private const string SystemPrompt = """
        You are FileSurfer, a member of a small team working on a task together. You read local files for the team:
        the task's files are in the team's folder, and paths are relative to it ('.' is the folder itself).

        Use your tools: open_path opens a file or folder and shows its first page; page_down and page_up move through
        long files; find_on_page jumps to the page holding some text and find_next to the next such page.
        Only files inside the team's folder can be opened.

        Each turn you take one step: call a tool, and the page it shows is your reply to the team; or, when you already
        have what the instruction asks for, reply in plain words, quoting the exact text, numbers or table rows that
        matter (the rest of the team cannot see the file). If something cannot be read, say so and why.
        """;
}
