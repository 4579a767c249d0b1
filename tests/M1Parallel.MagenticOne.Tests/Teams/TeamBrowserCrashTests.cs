using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Tests.TestDoubles;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tests.Teams;

/// <summary>A team whose WebSurfer's Chromium is SIGKILLed in the middle of the task.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class TeamBrowserCrashTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TeamScript _script = new();
    private LocalWeb _web = null!;

    public async Task InitializeAsync() => _web = await LocalWeb.StartAsync();

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        _script.Dispose();
    }

    private Team Build(TeamScript script, ScriptedChatClient webSurfer) =>
        new(new TeamOptions(new TeamChatClients(script.Orchestrator) { WebSurfer = webSurfer }, script.Folder.Path)
        {
            Settings = new() { WebSurfer = new() { SearchUrlTemplate = _web.SearchTemplate, ChromiumPath = ChromiumFactAttribute.ChromiumPath } },
        });

    private static ChatResponse Visit(string url, string id) => ScriptedChatClient.ToolCall("visit_url", new Dictionary<string, object?> { ["url"] = url }, id);

    [ChromiumFact]
    public async Task RunAsync_BrowserKilledBetweenWebSurferSteps_CarriesOnOnAFreshBrowserAndAnswers()
    {
        _script.Ledger = (n, _) => n < 2 ? Ledger.Json(speaker: "WebSurfer", instruction: "Find the society's founding year on the site.") : Ledger.Json(satisfied: true);
        _script.FinalAnswer = call => "FINAL ANSWER: " + (call.AllText.Contains("founded in 1887", StringComparison.Ordinal) ? "1887" : "unknown");
        IReadOnlyList<int> crashed = [];
        var webSurfer = new ScriptedChatClient(async (call, _) =>
        {
            // One action per turn: the home page, then (after the kill) the about page.
            if (call.OwnReplies.Count == 0)
            {
                return Visit(_web.BaseUrl + "/", "home");
            }

            crashed = await ChromiumProcesses.KillTreeAsync(Patience);
            return Visit(_web.BaseUrl + "/about", "about");
        });

        var result = await Build(_script, webSurfer).RunAsync("When was the society founded?").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(TeamStopReason.RequestSatisfied, result.StopReason);
        Assert.True(result.Answer == "1887", result.Transcript.ToText());
        var afterCrash = result.Transcript.Entries.Where(e => e.Kind == TranscriptEntryKind.ToolCall).Select(e => e.ToolCall!).Last();
        Assert.False(afterCrash.Failed);
        Assert.StartsWith("[The browser crashed", afterCrash.Result);
        Assert.Contains("founded in 1887", afterCrash.Result);
        Assert.Contains(result.Transcript.Entries, e => e.Speaker == "WebSurfer" && e.Kind == TranscriptEntryKind.Note && e.Text.Contains("was restarted", StringComparison.Ordinal));
        Assert.NotEmpty(crashed);
        Assert.Empty(await ChromiumProcesses.SurvivorsAsync(crashed, Patience));
        Assert.Empty(ChromiumProcesses.Running()); // The fresh browser closed with the team.
    }

    [ChromiumFact]
    public async Task RunAsync_BrowserKilledDuringAHangingNavigation_WebSurferReportsTheCrashAndTheTeamEndsNormally()
    {
        _script.Ledger = (n, _) => n == 0 ? Ledger.Json(speaker: "WebSurfer", instruction: "Open the slow page.") : Ledger.Json(satisfied: true);
        _script.FinalAnswer = call => "FINAL ANSWER: " + (call.AllText.Contains("browser crashed", StringComparison.Ordinal) ? "browser crashed" : "unknown");
        var webSurfer = new ScriptedChatClient(_ => Visit(_web.BaseUrl + "/slow", "slow"));

        var run = Build(_script, webSurfer).RunAsync("Read the slow page.");
        await _web.SlowRequested.WaitAsync(Patience);
        var crashed = await ChromiumProcesses.KillTreeAsync(Patience);
        var result = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(TeamStopReason.RequestSatisfied, result.StopReason);
        Assert.Equal("browser crashed", result.Answer);
        var visit = Assert.Single(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.ToolCall).ToolCall!;
        Assert.Contains("did not complete: the browser crashed during it", visit.Result);
        Assert.Contains("URL: about:blank", visit.Result);
        Assert.Empty(await ChromiumProcesses.SurvivorsAsync(crashed, Patience));
        Assert.Empty(ChromiumProcesses.Running());
    }

    [ChromiumFact]
    public async Task RunAsync_BrowserCrashesAgainAfterItsRestart_StopsWithAnErrorNamingTheCrash_AndTheNextRunBrowsesAFreshBrowser()
    {
        _script.Ledger = (_, _) => Ledger.Json(speaker: "WebSurfer", instruction: "Open the home page.");
        var webSurfer = new ScriptedChatClient(async (call, _) =>
        {
            if (call.Index > 0)
            {
                await ChromiumProcesses.KillTreeAsync(Patience);
            }

            return Visit(_web.BaseUrl + "/", $"visit_{call.Index}");
        });

        var failed = await Build(_script, webSurfer).RunAsync("Read the home page.").WaitAsync(TimeSpan.FromMinutes(2));
        var leftAfterFailure = ChromiumProcesses.Running();

        using var next = new TeamScript();
        next.Ledger = (n, _) => n == 0 ? Ledger.Json(speaker: "WebSurfer", instruction: "Find the founding year.") : Ledger.Json(satisfied: true);
        next.FinalAnswer = call => "FINAL ANSWER: " + (call.AllText.Contains("founded in 1887", StringComparison.Ordinal) ? "1887" : "unknown");
        var healthy = new ScriptedChatClient(_ => Visit(_web.BaseUrl + "/about", "about"));
        var following = await Build(next, healthy).RunAsync("When was the society founded?").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(TeamStopReason.Error, failed.StopReason);
        Assert.False(failed.Answered);
        Assert.Contains("BrowserCrashedException", failed.StopMessage);
        Assert.Contains("browser (/usr/bin/chromium) crashed 2 time(s)", failed.StopMessage);
        Assert.Contains(failed.Transcript.Entries, e => e.Kind == TranscriptEntryKind.Note && e.Text.Contains("Stopped (Error)", StringComparison.Ordinal) && e.Text.Contains("crashed", StringComparison.Ordinal));
        Assert.Empty(leftAfterFailure);
        Assert.Equal("1887", following.Answer);
        Assert.Empty(ChromiumProcesses.Running());
    }
}
