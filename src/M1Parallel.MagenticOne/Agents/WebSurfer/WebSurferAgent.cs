using System.ComponentModel;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Formats;
using M1Parallel.MagenticOne.Tools;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;
using Microsoft.Playwright;

namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>Browses the web in headless Chromium through tools, seeing pages as text.</summary>
internal sealed class WebSurferAgent : ITeamAgent
{
    private readonly TeamRun _run;
    private readonly BrowserSession _browser;
    private readonly IReadOnlyList<AIFunction> _tools;
    private UsageDetails? _pageQuestionUsage;

    public WebSurferAgent(TeamRun run)
    {
        _run = run;
        _browser = new BrowserSession(run.Settings.WebSurfer, run.Options.WorkFolder, crash => _run.Record(Name, TranscriptEntryKind.Note, crash, _run.Now()));
        _tools =
        [
            AIFunctionFactory.Create(
                ([Description("The address to open, e.g. 'https://example.org/page'.")] string url, CancellationToken ct) =>
                    Safe(() => _browser.VisitUrlAsync(url, ct)),
                "visit_url",
                "Open a web address in the browser."),
            AIFunctionFactory.Create(
                ([Description("What to search for.")] string query, CancellationToken ct) => Safe(() => _browser.SearchAsync(query, ct)),
                "web_search",
                "Search the web and show the results page."),
            AIFunctionFactory.Create(
                ([Description("The id of the element, from the list of interactive elements.")] int target_id, CancellationToken ct) =>
                    Safe(() => _browser.ClickAsync(target_id, ct)),
                "click",
                "Click a link, button or other interactive element by its id."),
            AIFunctionFactory.Create(
                (
                    [Description("The id of the text field, from the list of interactive elements.")] int input_field_id,
                    [Description("The text to type (replaces what is in the field).")] string text_value,
                    [Description("Press Enter afterwards, e.g. to submit a search (default true).")] bool press_enter = true,
                    CancellationToken ct = default) => Safe(() => _browser.InputTextAsync(input_field_id, text_value, press_enter, ct)),
                "input_text",
                "Type text into a field (input, textarea or select) by its id."),
            AIFunctionFactory.Create((CancellationToken ct) => Safe(() => _browser.ScrollAsync(true, ct)), "scroll_down", "Scroll the page down by one viewport."),
            AIFunctionFactory.Create((CancellationToken ct) => Safe(() => _browser.ScrollAsync(false, ct)), "scroll_up", "Scroll the page up by one viewport."),
            AIFunctionFactory.Create((CancellationToken ct) => Safe(() => _browser.BackAsync(ct)), "history_back", "Go back to the previous page."),

            // hover and sleep are described as in autogen-ext's web_surfer/_tool_definitions.py (TOOL_HOVER, TOOL_SLEEP).
            AIFunctionFactory.Create(
                ([Description("The numeric id of the target to hover over.")] int target_id, CancellationToken ct) =>
                    Safe(() => _browser.HoverAsync(target_id, ct)),
                "hover",
                "Hovers the mouse over the target with the given id."),
            AIFunctionFactory.Create(
                (CancellationToken ct) => Safe(() => _browser.SleepAsync(ct)),
                "sleep",
                "Wait a short period of time. Call this function if the page has not yet fully loaded, or if it is determined that a small delay would increase the task's chances of success."),
            AIFunctionFactory.Create(
                (CancellationToken ct) => Safe(() => AskAboutPageAsync(null, ct)),
                "summarize_page",
                "Summarize the whole current page (not just the part in view)."),
            AIFunctionFactory.Create(
                ([Description("The question to answer from the page's content.")] string question, CancellationToken ct) =>
                    Safe(() => AskAboutPageAsync(question, ct)),
                "answer_question",
                "Answer a question using the whole current page's text."),
        ];
    }

    public string Name => AgentNames.WebSurfer;

    /// <summary>What the WebSurfer can do, in one line: its <see cref="Description"/>, and its line in the planner's and
    /// the orchestrator's team description (<see cref="TeamDescription"/>).</summary>
    public const string Capabilities =
        "Has a web browser: searches the web, opens pages, clicks links and buttons, types into forms, scrolls, goes back, and summarizes or answers questions about the current page. It reads pages as text (no images) and saves downloads in the team's folder.";

    public string Description => Capabilities;

    internal BrowserSession Browser => _browser;

    internal IReadOnlyList<AIFunction> Tools => _tools;

    public async Task<AgentTurn> RespondAsync(IReadOnlyList<ThreadMessage> thread, CancellationToken cancellationToken)
    {
        _pageQuestionUsage = null;
        var messages = AgentContext.Build(SystemPrompt, Name, thread);
        messages.Add(new ChatMessage(ChatRole.User, _browser.IsStarted
            ? $"[state] The browser is at {_browser.Url}."
            : "[state] The browser has not opened any page yet."));

        // One action per turn, as autogen-ext's MultimodalWebSurfer (_multimodal_web_surfer.py, _execute_tool): one model
        // call; a text answer is the reply, else only the FIRST tool call it asks for runs and its observation is the reply.
        var result = await new ToolTurn(_run)
            .RunAsync(TeamRole.WebSurfer, Name, messages, _tools, maxCalls: 1, cancellationToken)
            .ConfigureAwait(false);
        var reply = AgentReplies.FromToolTurn(result, Name);
        if (result.ToolCalls.Count == 0 && result.Text.Length > 0 && _browser.IsStarted)
        {
            reply += $"\n\n(The browser is at {_browser.Url}.)";
        }

        var stepUsage = new UsageDetails();
        if (result.Usage is not null)
        {
            stepUsage.Add(result.Usage);
        }

        if (_pageQuestionUsage is not null)
        {
            stepUsage.Add(_pageQuestionUsage);
        }

        return new AgentTurn(reply, result.UnrecordedUsage, stepUsage);
    }

    /// <summary>At a re-plan the browser goes back to its start page (cookies stay), as autogen's MultimodalWebSurfer.on_reset
    /// does; the transcript notes it.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        var started = _run.Now();
        if (await _browser.ResetAsync(cancellationToken).ConfigureAwait(false) is { } outcome)
        {
            _run.Record(Name, TranscriptEntryKind.Note, $"Re-plan: {outcome}", started);
        }
    }

    public ValueTask DisposeAsync() => _browser.DisposeAsync();

    private async Task<string> AskAboutPageAsync(string? question, CancellationToken cancellationToken)
    {
        var started = _run.Now();
        var text = await _browser.FullTextAsync(cancellationToken).ConfigureAwait(false);
        if (_browser.TakeRestartNotice() is { } restarted)
        {
            return $"{restarted}\nThere is no page to read now: open it again first.";
        }

        var ask = question is null
            ? "Summarize this page in a few sentences, keeping the specific names, numbers and dates it gives."
            : $"Answer this question using only the page's text; if the page does not say, answer that it does not.\nQuestion: {question}";
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, "You read web pages for a research team and report exactly what they say."),
            new(ChatRole.User, $"The page at {_browser.Url} reads:\n\n{text}\n\n{ask}"),
        };
        var options = _run.NewChatOptions(TeamRole.WebSurfer, question is null ? "summarize_page" : "answer_question");
        var response = await _run.ClientFor(TeamRole.WebSurfer).GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (response.Usage is not null)
        {
            (_pageQuestionUsage ??= new UsageDetails()).Add(response.Usage);
        }

        var answer = ThinkingText.Strip(response.Text);
        _run.Record(Name, TranscriptEntryKind.Note, $"Model call inside {(question is null ? "summarize_page" : "answer_question")}: {ToolTurn.Shorten(answer, 200)}", started, response.Usage);
        return question is null ? $"Summary of {_browser.Url}:\n{answer}" : $"Answer from {_browser.Url}:\n{answer}";
    }

    private static async Task<string> Safe(Func<Task<string>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            return $"Error: the browser action failed: {ex.Message.Split('\n', 2)[0]}";
        }
    }

    private const string SystemPrompt = """
        You are WebSurfer, a member of a small team working on a task together. You control a web browser with your
        tools and see each page as text: its title and URL, where the viewport is, the text in view, and a numbered
        list of the interactive elements in view. Ids like [12] in the text are those elements.

        Tools: web_search, visit_url, click (by id), input_text (by id), hover (by id), scroll_down, scroll_up,
        history_back, sleep (wait for a page to settle), summarize_page and answer_question (these two read the whole
        page, not just the part in view).

        Each turn you take one action: call one tool, and the page it shows is your reply to the team. When you have
        found what was asked, or cannot get further, reply instead in plain words with what you found, quoting the exact
        names, numbers and dates from the pages, and the URL they came from. The rest of the team cannot see the
        browser, so include everything they need.
        """;
}
