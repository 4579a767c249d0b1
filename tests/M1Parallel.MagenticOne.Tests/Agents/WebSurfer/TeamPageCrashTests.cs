using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Tests.TestDoubles;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tests.Agents.WebSurfer;

/// <summary>A team whose WebSurfer's tab (not its browser) crashes in the middle of the task.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class TeamPageCrashTests : IAsyncLifetime
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

    private Team Build(ScriptedChatClient webSurfer, int recoveries) =>
        new(new TeamOptions(new TeamChatClients(_script.Orchestrator) { WebSurfer = webSurfer }, _script.Folder.Path)
        {
            Settings = new() { WebSurfer = new() { SearchUrlTemplate = _web.SearchTemplate, ChromiumPath = ChromiumFactAttribute.ChromiumPath, PageCrashRecoveries = recoveries } },
        });

    private static ChatResponse Visit(string url, string id) => ScriptedChatClient.ToolCall("visit_url", new Dictionary<string, object?> { ["url"] = url }, id);

    [ChromiumFact]
    public async Task RunAsync_RendererKilledBetweenWebSurferSteps_CarriesOnInAFreshTabAndAnswers()
    {
        _script.Ledger = (n, _) => n < 2 ? Ledger.Json(speaker: "WebSurfer", instruction: "Find the society's founding year on the site.") : Ledger.Json(satisfied: true);
        _script.FinalAnswer = call => "FINAL ANSWER: " + (call.AllText.Contains("founded in 1887", StringComparison.Ordinal) ? "1887" : "unknown");
        var webSurfer = new ScriptedChatClient(async (call, _) =>
        {
            // One action per turn: the home page, then (after the renderers are killed) the about page.
            if (call.OwnReplies.Count == 0)
            {
                return Visit(_web.BaseUrl + "/", "home");
            }

            await RendererProcesses.KillAllAsync(Patience);
            return Visit(_web.BaseUrl + "/about", "about");
        });

        var result = await Build(webSurfer, recoveries: 2).RunAsync("When was the society founded?").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(TeamStopReason.RequestSatisfied, result.StopReason);
        Assert.True(result.Answer == "1887", result.Transcript.ToText());
        var afterCrash = result.Transcript.Entries.Where(e => e.Kind == TranscriptEntryKind.ToolCall).Select(e => e.ToolCall!).Last();
        Assert.False(afterCrash.Failed);
        Assert.StartsWith("[The browser tab crashed", afterCrash.Result);
        Assert.Contains(result.Transcript.Entries, e => e.Speaker == "WebSurfer" && e.Kind == TranscriptEntryKind.Note && e.Text.Contains("tab crashed", StringComparison.Ordinal));
        Assert.Empty(ChromiumProcesses.Running());
    }

    [ChromiumFact]
    public async Task RunAsync_TabCrashesPastItsBudget_StopsWithAnErrorNamingTheTabCrash()
    {
        _script.Ledger = (_, _) => Ledger.Json(speaker: "WebSurfer", instruction: "Open the crash page.");
        var webSurfer = new ScriptedChatClient(call => Visit("chrome://crash", $"crash_{call.Index}"));

        var failed = await Build(webSurfer, recoveries: 1).RunAsync("Read the crash page.").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(TeamStopReason.Error, failed.StopReason);
        Assert.False(failed.Answered);
        Assert.Contains("BrowserCrashedException", failed.StopMessage);
        Assert.Contains("browser tab crashed 2 time(s)", failed.StopMessage);
        Assert.Contains("PageCrashRecoveries", failed.StopMessage);
        var first = failed.Transcript.Entries.First(e => e.Kind == TranscriptEntryKind.ToolCall).ToolCall!;
        Assert.Contains("did not complete: the browser tab crashed during it", first.Result);
        Assert.Empty(ChromiumProcesses.Running());
    }
}
