using M1Parallel.MagenticOne.Agents.WebSurfer;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Agents.WebSurfer;

/// <summary>Only the tab's renderer process dies (SIGKILLed, or crashed by chrome://crash) while the browser lives.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class PageCrashTests : IAsyncLifetime
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

    private BrowserSession NewSession(int recoveries = 2, int restarts = 1)
    {
        var session = new BrowserSession(
            new WebSurferOptions
            {
                SearchUrlTemplate = _web.SearchTemplate,
                ChromiumPath = ChromiumFactAttribute.ChromiumPath,
                PageCrashRecoveries = recoveries,
                BrowserRestarts = restarts,
            },
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
    public async Task VisitUrl_RendererKilledBetweenActions_OpensThePageInAFreshTabOfTheSameBrowserAndSaysTheTabCrashed()
    {
        var browser = NewSession();
        await browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        var before = await ChromiumProcesses.BrowserAsync(Patience);
        var killed = await RendererProcesses.KillAllAsync(Patience);

        var about = await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);
        var after = await ChromiumProcesses.BrowserAsync(Patience);
        var again = await browser.ScrollAsync(down: true, CancellationToken.None);
        var pages = browser.OpenPages;
        await browser.DisposeAsync();

        Assert.StartsWith("[The browser tab crashed (its page renderer process died; the browser itself is fine) and was reopened (reopening 1 of at most 2)", about);
        Assert.Contains($"the page it showed ({_web.BaseUrl}/)", about);
        Assert.Contains($"I opened '{_web.BaseUrl}/about'.", about); // Not reported as failed: the crash came before it.
        Assert.Contains("founded in 1887", about);
        Assert.Equal(before, after); // The same browser, not a restarted one.
        Assert.Equal(1, pages); // The crashed tab was closed, not left beside the fresh one.
        Assert.DoesNotContain("crashed", again); // Said once, with the action that found the crash.
        Assert.Contains("Page title: About", again);
        Assert.Contains(_crashNotes, n => n.Contains("tab crashed", StringComparison.Ordinal));
        Assert.DoesNotContain(_crashNotes, n => n.Contains("restarted", StringComparison.Ordinal));
        Assert.Empty(await ChromiumProcesses.SurvivorsAsync(killed, Patience));
        Assert.Empty(ChromiumProcesses.Running());
    }

    [ChromiumFact]
    public async Task VisitUrl_RendererKilledWhileASlowPageLoads_ReportsTheVisitNotCompletedOnAFreshTab_AndTheNextVisitWorks()
    {
        var browser = NewSession();
        await browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        var visit = browser.VisitUrlAsync(_web.BaseUrl + "/slow", CancellationToken.None);
        await _web.SlowRequested.WaitAsync(Patience);
        await RendererProcesses.KillAllAsync(Patience);

        var observation = await visit.WaitAsync(Patience);
        var next = await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);
        await browser.DisposeAsync();

        Assert.StartsWith("[The browser tab crashed", observation);
        Assert.Contains($"Opening '{_web.BaseUrl}/slow' did not complete: the browser tab crashed during it.", observation);
        Assert.Contains("URL: about:blank", observation);
        Assert.Contains("founded in 1887", next);
        Assert.DoesNotContain("crashed", next);
        Assert.Empty(ChromiumProcesses.Running());
    }

    [ChromiumFact]
    public async Task VisitUrl_ChromeCrashPage_ReportsTheVisitNotCompletedAndTheNextActionWorks()
    {
        var browser = NewSession();
        await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);

        var crash = await browser.VisitUrlAsync("chrome://crash", CancellationToken.None);
        var next = await browser.SearchAsync("quill", CancellationToken.None);
        var pages = browser.OpenPages;
        await browser.DisposeAsync();

        Assert.Contains("Opening 'chrome://crash' did not complete: the browser tab crashed during it.", crash);
        Assert.Contains($"the page it showed ({_web.BaseUrl}/about)", crash);
        Assert.Contains("URL: about:blank", crash);
        Assert.Contains("Page title: Search results", next);
        Assert.Equal(1, pages);
        Assert.Empty(ChromiumProcesses.Running());
    }

    [ChromiumFact]
    public async Task VisitUrl_RendererKilledAfterACookieWasSet_TheFreshTabStillSendsTheCookie()
    {
        await using var cookies = await CookieWeb.StartAsync();
        var browser = NewSession();
        await browser.VisitUrlAsync(cookies.BaseUrl + "/set", CancellationToken.None);
        await RendererProcesses.KillAllAsync(Patience);

        var shown = await browser.VisitUrlAsync(cookies.BaseUrl + "/show", CancellationToken.None);
        await browser.DisposeAsync();

        Assert.StartsWith("[The browser tab crashed", shown);
        Assert.Contains("flavour is quince", shown);
    }

    [ChromiumFact]
    public async Task Actions_TabCrashesPastItsBudget_ThrowBrowserCrashedNamingTheLimit_AndCloseTheBrowser()
    {
        var browser = NewSession(recoveries: 1);
        await browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        await RendererProcesses.KillAllAsync(Patience);
        await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);
        await RendererProcesses.KillAllAsync(Patience);

        var ex = await Assert.ThrowsAsync<BrowserCrashedException>(() => browser.ScrollAsync(down: true, CancellationToken.None));
        var leftRunning = ChromiumProcesses.Running();
        var later = await Assert.ThrowsAsync<BrowserCrashedException>(() => browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None));
        await browser.DisposeAsync();

        Assert.Contains("browser tab crashed 2 time(s) (its page renderer process died", ex.Message);
        Assert.Contains("may be reopened only 1 time(s) (WebSurferOptions.PageCrashRecoveries)", ex.Message);
        Assert.Equal(ex.Message, later.Message);
        Assert.Equal(2, _crashNotes.Count); // One reopening, then the crash that ended browsing.
        Assert.Empty(leftRunning); // Giving up closed the browser at once, not only at disposal.
    }

    [ChromiumFact]
    public async Task VisitUrl_NoTabRecoveriesAllowed_TheFirstTabCrashEndsBrowsing()
    {
        var browser = NewSession(recoveries: 0);
        await browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<BrowserCrashedException>(() => browser.VisitUrlAsync("chrome://crash", CancellationToken.None));
        await browser.DisposeAsync();

        Assert.Contains("browser tab crashed 1 time(s)", ex.Message);
        Assert.Contains("may be reopened only 0 time(s)", ex.Message);
        Assert.Empty(ChromiumProcesses.Running());
    }

    [ChromiumFact]
    public async Task TabCrash_DoesNotSpendTheBrowserRestartBudget()
    {
        var browser = NewSession(recoveries: 1, restarts: 0);
        await browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        await RendererProcesses.KillAllAsync(Patience);
        var reopened = await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);
        await ChromiumProcesses.KillTreeAsync(Patience);

        var ex = await Assert.ThrowsAsync<BrowserCrashedException>(() => browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None));
        await browser.DisposeAsync();

        Assert.Contains("founded in 1887", reopened);
        Assert.Contains("crashed 1 time(s) and may be restarted only 0 time(s)", ex.Message); // The browser's own count.
        Assert.Empty(ChromiumProcesses.Running());
    }

    [ChromiumFact]
    public async Task FullText_RendererKilledBeforeIt_IsEmptyAndTheNoticeSaysTheTabCrashed()
    {
        var browser = NewSession();
        await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);
        await RendererProcesses.KillAllAsync(Patience);

        var text = await browser.FullTextAsync(CancellationToken.None);
        var notice = browser.TakeRestartNotice();
        var next = await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);
        await browser.DisposeAsync();

        Assert.Empty(text);
        Assert.NotNull(notice);
        Assert.Contains("tab crashed", notice);
        Assert.Null(browser.TakeRestartNotice());
        Assert.Contains("founded in 1887", next);
        Assert.DoesNotContain("crashed", next);
    }

    [Fact]
    public void WebSurferOptions_NegativePageCrashRecoveries_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSurferOptions { PageCrashRecoveries = -1 });

    [Fact]
    public void WebSurferOptions_PageCrashRecoveries_DefaultsToTwo() => Assert.Equal(2, new WebSurferOptions().PageCrashRecoveries);
}
