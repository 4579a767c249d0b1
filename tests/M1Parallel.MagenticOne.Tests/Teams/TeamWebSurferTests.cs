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

    private Team Build(ScriptedChatClient webSurfer) =>
        new(new TeamOptions(new TeamChatClients(_script.Orchestrator) { WebSurfer = webSurfer }, _script.Folder.Path)
        {
            Settings = new() { WebSurfer = new() { SearchUrlTemplate = _web.SearchTemplate, ChromiumPath = ChromiumFactAttribute.ChromiumPath }, MaxToolRounds = 5 },
        });

    [ChromiumFact]
    public async Task RunAsync_WebSurferSearchesAndClicksAResult_FindsTheFactOnThePage()
    {
        _script.Ledger = (n, _) => n == 0 ? Ledger.Json(speaker: "WebSurfer", instruction: "Find the society's founding year.") : Ledger.Json(satisfied: true);
        _script.FinalAnswer = call => "FINAL ANSWER: " + (call.AllText.Contains("founded in 1887", StringComparison.Ordinal) ? "1887" : "unknown");
        var webSurfer = new ScriptedChatClient(call =>
        {
            var toolResults = call.Messages.Where(m => m.Role == ChatRole.Tool).SelectMany(m => m.Contents.OfType<FunctionResultContent>()).ToList();
            return toolResults.Count switch
            {
                0 => ScriptedChatClient.ToolCall("web_search", new Dictionary<string, object?> { ["query"] = "society founding" }, "s"),
                1 => ScriptedChatClient.ToolCall("click", new Dictionary<string, object?> { ["target_id"] = ResultId(toolResults[0].Result!.ToString()!) }, "c"),
                _ => ScriptedChatClient.Text("The page says: " + Regex.Match(toolResults[^1].Result!.ToString()!, "The society was founded in \\d+").Value),
            };
        });

        var result = await Build(webSurfer).RunAsync("When was the society founded?");

        Assert.Equal("1887", result.Answer);
        Assert.Equal(["web_search", "click"], result.Transcript.Entries.Where(e => e.Kind == TranscriptEntryKind.ToolCall).Select(e => e.ToolCall!.Name));
        var reply = Assert.Single(result.Transcript.Entries, e => e.Speaker == "WebSurfer" && e.Kind == TranscriptEntryKind.AgentMessage);
        Assert.Contains("founded in 1887", reply.Text);
        Assert.Contains("/about", reply.Text);
        Assert.All(webSurfer.Calls, c => Assert.Equal("web_surfer", c.Role));
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
}
