using M1Parallel.MagenticOne.Agents.WebSurfer;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Agents.WebSurfer;

/// <summary>The browser's process is SIGKILLed under a live session, as a crash (or the OOM killer) would do it.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class BrowserCrashTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempFolder _folder = new();
    private readonly List<string> _crashNotes = [];
    private readonly List<BrowserSession> _sessions = []; // Closed after each test, also when it fails, so no browser outlives it.
    private LocalWeb _web = null!;

    public async Task InitializeAsync() => _web = await LocalWeb.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }

        await _web.DisposeAsync();
        _folder.Dispose();
    }

    private BrowserSession NewSession(int restarts = 1)
    {
        var session = new BrowserSession(
            new WebSurferOptions { SearchUrlTemplate = _web.SearchTemplate, ChromiumPath = ChromiumFactAttribute.ChromiumPath, BrowserRestarts = restarts },
            _folder.Path,
            note =>
            {
                lock (_crashNotes)
                {
                    _crashNotes.Add(note);
                }
            });
        _sessions.Add(session);
        return session;
    }

    [ChromiumFact]
    public async Task VisitUrl_BrowserKilledBetweenActions_OpensThePageOnAFreshBrowserAndSaysItRestarted()
    {
        var browser = NewSession();
        await browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        var crashed = await ChromiumProcesses.KillBrowserAsync(Patience);
        Assert.Empty(await ChromiumProcesses.SurvivorsAsync(crashed, Patience)); // Its helpers follow the killed browser by themselves.

        var about = await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);
        var fresh = await ChromiumProcesses.BrowserAsync(Patience);
        var again = await browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        await browser.DisposeAsync();

        Assert.StartsWith("[The browser crashed (its process ended unexpectedly) and was restarted", about);
        Assert.Contains("founded in 1887", about);
        Assert.DoesNotContain(fresh, crashed);
        Assert.DoesNotContain("crashed", again); // Said once, with the action that found the crash.
        Assert.Contains("Page title: Home", again);
        Assert.Contains(_crashNotes, n => n.Contains("restarted", StringComparison.Ordinal));
        Assert.Empty(ChromiumProcesses.Running());
    }

    [ChromiumFact]
    public async Task VisitUrl_BrowserKilledWhileASlowPageHangs_ReturnsTheFreshBrowsersObservationInsteadOfHanging()
    {
        var browser = NewSession();
        var visit = browser.VisitUrlAsync(_web.BaseUrl + "/slow", CancellationToken.None);
        await _web.SlowRequested.WaitAsync(Patience);
        var crashed = await ChromiumProcesses.KillTreeAsync(Patience);

        var observation = await visit.WaitAsync(Patience);
        var next = await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);
        await browser.DisposeAsync();

        Assert.Contains("was restarted", observation);
        Assert.Contains($"Opening '{_web.BaseUrl}/slow' did not complete: the browser crashed during it.", observation);
        Assert.Contains("URL: about:blank", observation);
        Assert.Contains("founded in 1887", next);
        Assert.Empty(await ChromiumProcesses.SurvivorsAsync(crashed, Patience));
        Assert.Empty(ChromiumProcesses.Running());
    }

    [ChromiumFact]
    public async Task Actions_BrowserCrashesAgainAfterItsRestart_ThrowBrowserCrashedNamingTheLimit()
    {
        var browser = NewSession(restarts: 1);
        await browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        await ChromiumProcesses.KillTreeAsync(Patience);
        await browser.ScrollAsync(down: true, CancellationToken.None);
        await ChromiumProcesses.KillTreeAsync(Patience);

        var ex = await Assert.ThrowsAsync<BrowserCrashedException>(() => browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None));
        var later = await Assert.ThrowsAsync<BrowserCrashedException>(() => browser.SearchAsync("quill", CancellationToken.None));
        await browser.DisposeAsync();

        Assert.Contains("crashed 2 time(s) and may be restarted only 1 time(s)", ex.Message);
        Assert.Contains("BrowserRestarts", ex.Message);
        Assert.Equal(ex.Message, later.Message);
        Assert.Equal(2, _crashNotes.Count); // One restart, then the crash that ended browsing.
        Assert.Empty(ChromiumProcesses.Running()); // Nothing was started after the last crash.
    }

    [ChromiumFact]
    public async Task FullText_BrowserKilledBeforeIt_IsEmptyAndTheRestartNoticeSaysWhy()
    {
        var browser = NewSession();
        await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);
        await ChromiumProcesses.KillTreeAsync(Patience);

        var text = await browser.FullTextAsync(CancellationToken.None);
        var notice = browser.TakeRestartNotice();
        await browser.DisposeAsync();

        Assert.Empty(text);
        Assert.NotNull(notice);
        Assert.Contains("restarted", notice);
        Assert.Null(browser.TakeRestartNotice());
    }

    [ChromiumFact]
    public async Task VisitUrl_NoRestartsAllowed_TheFirstCrashEndsBrowsing()
    {
        var browser = NewSession(restarts: 0);
        await browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        await ChromiumProcesses.KillTreeAsync(Patience);

        var ex = await Assert.ThrowsAsync<BrowserCrashedException>(() => browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None));
        await browser.DisposeAsync();

        Assert.Contains("crashed 1 time(s) and may be restarted only 0 time(s)", ex.Message);
        Assert.Empty(ChromiumProcesses.Running());
    }

    [Fact]
    public void WebSurferOptions_NegativeBrowserRestarts_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSurferOptions { BrowserRestarts = -1 });
}
