using System.Text.RegularExpressions;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Tests.TestDoubles;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tests.Teams;

[Collection(ChromiumCollection.Name)]
public sealed partial class TeamWebSurferTests : IAsyncLifetime
{
    private readonly TeamScript _script = new();
    private LocalWeb _web = null!;

    public async Task InitializeAsync() => _web = await LocalWeb.StartAsync();

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        _script.Dispose();
    }

    private Team Build(ScriptedChatClient webSurfer, string startPage = "about:blank", int maxStalls = 3) =>
        new(new TeamOptions(new TeamChatClients(_script.Orchestrator) { WebSurfer = webSurfer }, _script.Folder.Path)
        {
            Settings = new() { WebSurfer = new() { SearchUrlTemplate = _web.SearchTemplate, ChromiumPath = ChromiumFactAttribute.ChromiumPath, StartPage = startPage }, MaxStalls = maxStalls },
        });

    [ChromiumFact]
    public async Task RunAsync_WebSurferSearchesClicksAndReports_OneActionAndOneModelCallPerTurn()
    {
        _script.Ledger = (n, _) => n < 3 ? Ledger.Json(speaker: "WebSurfer", instruction: "Find the society's founding year.") : Ledger.Json(satisfied: true);
        _script.FinalAnswer = call => "FINAL ANSWER: " + (call.AllText.Contains("founded in 1887", StringComparison.Ordinal) ? "1887" : "unknown");
        var webSurfer = new ScriptedChatClient(call => call.OwnReplies switch
        {
            [] => ScriptedChatClient.ToolCall("web_search", new Dictionary<string, object?> { ["query"] = "society founding" }, "s"),
            [var results] => ScriptedChatClient.ToolCall("click", new Dictionary<string, object?> { ["target_id"] = ResultId(results) }, "c"),
            [.., var page] => ScriptedChatClient.Text("The page says: " + FoundedIn().Match(page).Value),
        });

        var result = await Build(webSurfer).RunAsync("When was the society founded?");

        Assert.Equal("1887", result.Answer);
        Assert.Equal(3, webSurfer.Calls.Count);
        Assert.Equal(["web_search", "click"], result.Transcript.Entries.Where(e => e.Kind == TranscriptEntryKind.ToolCall).Select(e => e.ToolCall!.Name));
        var replies = result.Transcript.Entries.Where(e => e.Speaker == "WebSurfer" && e.Kind == TranscriptEntryKind.AgentMessage).Select(e => e.Text).ToList();
        Assert.Equal(3, replies.Count);
        Assert.Contains("I searched for 'society founding'", replies[0]);
        Assert.Contains("founded in 1887", replies[1]);
        Assert.StartsWith("The page says: The society was founded in 1887", replies[2]);
        Assert.Contains("/about", replies[2]);
        Assert.All(webSurfer.Calls, c => Assert.Equal("web_surfer", c.Role));
    }

    [ChromiumFact]
    public async Task RunAsync_ModelAsksForTwoActionsInOneTurn_OnlyTheFirstRuns()
    {
        _script.Ledger = (n, _) => n == 0 ? Ledger.Json(speaker: "WebSurfer", instruction: "Open the about page.") : Ledger.Json(satisfied: true);
        var webSurfer = new ScriptedChatClient(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant,
        [
            new FunctionCallContent("a", "visit_url", new Dictionary<string, object?> { ["url"] = _web.BaseUrl + "/about" }),
            new FunctionCallContent("b", "visit_url", new Dictionary<string, object?> { ["url"] = _web.BaseUrl + "/long" }),
        ])));

        var result = await Build(webSurfer).RunAsync("Open the about page.");

        Assert.Single(webSurfer.Calls);
        var visit = Assert.Single(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.ToolCall).ToolCall!;
        Assert.Contains("/about", visit.ArgumentsJson);
        var reply = Assert.Single(result.Transcript.Entries, e => e.Speaker == "WebSurfer" && e.Kind == TranscriptEntryKind.AgentMessage);
        Assert.Contains("founded in 1887", reply.Text);
        Assert.DoesNotContain("Paragraph number 1.", result.Transcript.ToText());
        Assert.Contains(result.Transcript.Entries, e => e.Speaker == "WebSurfer" && e.Kind == TranscriptEntryKind.Note && e.Text.Contains("only visit_url ran", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task RunAsync_TeamReplans_WebSurferIsBackOnItsStartPage()
    {
        var start = _web.BaseUrl + "/";

        // Turn 1 opens the about page; turn 2 reports no progress, which with MaxStalls 1 re-plans; turn 3 asks the WebSurfer again.
        _script.Ledger = (n, _) => n switch
        {
            0 => Ledger.Json(speaker: "WebSurfer", instruction: "Open the about page."),
            1 => Ledger.Json(progress: false, speaker: "WebSurfer", instruction: "Try again."),
            2 => Ledger.Json(speaker: "WebSurfer", instruction: "Where is the browser?"),
            _ => Ledger.Json(satisfied: true),
        };
        var webSurfer = new ScriptedChatClient(call => call.Index == 0
            ? ScriptedChatClient.ToolCall("visit_url", new Dictionary<string, object?> { ["url"] = _web.BaseUrl + "/about" })
            : ScriptedChatClient.Text("Here."));

        var result = await Build(webSurfer, startPage: start, maxStalls: 1).RunAsync("Find the founding year.");

        Assert.Equal(1, result.Replans);
        Assert.Equal(2, webSurfer.Calls.Count);
        Assert.Contains($"URL: {_web.BaseUrl}/about", Assert.Single(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.ToolCall).ToolCall!.Result);
        Assert.EndsWith($"[state] The browser is at {start}.", webSurfer.Calls[1].AllText, StringComparison.Ordinal);
        Assert.Contains(result.Transcript.Entries, e => e.Speaker == "WebSurfer" && e.Kind == TranscriptEntryKind.Note && e.Text.Contains("went back to its start page", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task RunAsync_CancelledWhileThePageLoads_ReturnsCancelledAndClosesTheBrowser()
    {
        _script.Ledger = (_, _) => Ledger.Json(speaker: "WebSurfer", instruction: "Open the slow page.");
        var webSurfer = new ScriptedChatClient(_ => ScriptedChatClient.ToolCall("visit_url", new Dictionary<string, object?> { ["url"] = _web.BaseUrl + "/slow" }));
        using var cts = new CancellationTokenSource();
        var self = Environment.ProcessId;

        var run = Build(webSurfer).RunAsync("Read the slow page.", null, cts.Token);
        IReadOnlyList<int> browsers = [];
        for (var i = 0; i < 200 && browsers.Count == 0; i++)
        {
            await Task.Delay(100);
            browsers = ProcessProbe.Descendants(self, "chromium");
        }

        Assert.NotEmpty(browsers);
        await Task.Delay(500);
        await cts.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(TeamStopReason.Cancelled, result.StopReason);
        foreach (var pid in browsers)
        {
            Assert.True(await ProcessProbe.WaitGoneAsync(pid, TimeSpan.FromSeconds(10)), $"browser process {pid} is still running after cancellation");
        }
    }

    private static int ResultId(string observation)
    {
        var match = ResultLink().Match(observation);
        Assert.True(match.Success, observation);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\[(\d+)\] link ""Founding history of the society""")]
    private static partial Regex ResultLink();

    [GeneratedRegex(@"The society was founded in \d+")]
    private static partial Regex FoundedIn();
}
