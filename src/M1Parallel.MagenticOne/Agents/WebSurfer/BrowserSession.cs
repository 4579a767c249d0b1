using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>One team's headless Chromium, started on first use, read as text. Every action returns an observation: URL,
/// title, scroll position, viewport text and numbered interactive elements (<see cref="PageObservation"/>), with any
/// files just downloaded (<see cref="DownloadSaver"/>). A browser or tab that crashes is replaced within the limits of
/// <see cref="WebSurferOptions"/> and the next observation says so (<see cref="CrashRecovery"/>); past them every action
/// throws <see cref="BrowserCrashedException"/>. Starting and closing Chromium is <see cref="ChromiumHost"/>'s.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly WebSurferOptions _options;
    private readonly ChromiumHost _host;
    private readonly CrashRecovery _recovery;
    private readonly DownloadSaver _downloads;
    private volatile bool _disposed;

    /// <param name="options">How to drive the browser.</param>
    /// <param name="workFolder">The team's folder (downloads go to its <c>downloads</c> folder).</param>
    /// <param name="onCrash">Told, in words, each time the browser crashes (for the transcript).</param>
    public BrowserSession(WebSurferOptions options, string workFolder, Action<string>? onCrash = null)
    {
        _options = options;
        _downloads = new DownloadSaver(workFolder, options.ActionTimeout);
        _host = new ChromiumHost(options, page =>
        {
            _recovery!.Watch(page);
            _downloads.Watch(page);
        });
        _recovery = new CrashRecovery(options, _host, onCrash);
    }

    /// <summary>How long the <c>sleep</c> tool waits: 3 s, as autogen's WebSurfer (<c>_playwright_controller.sleep(page, 3)</c>).</summary>
    internal static TimeSpan SleepTime { get; } = TimeSpan.FromSeconds(3);

    private float TimeoutMs => (float)_options.ActionTimeout.TotalMilliseconds;

    /// <summary>Whether the browser has been started.</summary>
    public bool IsStarted => _host.Page is not null;

    /// <summary>How many pages (tabs) are open in the browser's context (0 before it starts).</summary>
    internal int OpenPages => _host.OpenPages;

    /// <summary>The current page's URL, or null before the browser starts.</summary>
    public string? Url => _host.Page?.Url;

    public Task<string> VisitUrlAsync(string url, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var target = NormalizeUrl(url.Trim());
        return ActAsync($"Opening '{target}'", async () =>
        {
            var page = await PageAsync(cancellationToken).ConfigureAwait(false);
            var error = await GuardAsync(() => page.GotoAsync(target, new PageGotoOptions { Timeout = TimeoutMs, WaitUntil = WaitUntilState.Load }), cancellationToken).ConfigureAwait(false);
            var prefix = error is null ? $"I opened '{target}'." : $"Opening '{target}' did not complete: {error}";
            return await ObserveAsync(prefix, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<string> SearchAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var url = _options.SearchUrlTemplate.Replace("{query}", Uri.EscapeDataString(query.Trim()), StringComparison.Ordinal);
        return ActAsync($"The search for '{query}'", async () =>
        {
            var page = await PageAsync(cancellationToken).ConfigureAwait(false);
            var error = await GuardAsync(() => page.GotoAsync(url, new PageGotoOptions { Timeout = TimeoutMs, WaitUntil = WaitUntilState.Load }), cancellationToken).ConfigureAwait(false);
            var prefix = error is null ? $"I searched for '{query}'." : $"The search for '{query}' did not complete: {error}";
            return await ObserveAsync(prefix, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<string> ClickAsync(int id, CancellationToken cancellationToken) => ActAsync($"Clicking [{id}]", async () =>
    {
        var page = await PageAsync(cancellationToken).ConfigureAwait(false);
        var element = await ElementAsync(page, id, cancellationToken).ConfigureAwait(false);
        var name = await DescribeAsync(element, cancellationToken).ConfigureAwait(false);

        // Links that would open a new tab open in this one, so the observation follows them.
        await GuardAsync(() => element.EvaluateAsync("e => { if (e.closest('a')) e.closest('a').removeAttribute('target'); }"), cancellationToken).ConfigureAwait(false);
        var error = await GuardAsync(() => element.ClickAsync(new LocatorClickOptions { Timeout = TimeoutMs }), cancellationToken).ConfigureAwait(false);
        await SettleAsync(page, cancellationToken).ConfigureAwait(false);
        var prefix = error is null ? $"I clicked [{id}] {name}." : $"Clicking [{id}] {name} failed: {error}";
        return await ObserveAsync(prefix, cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    public Task<string> InputTextAsync(int id, string text, bool pressEnter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ActAsync($"Typing into [{id}]", async () =>
        {
            var page = await PageAsync(cancellationToken).ConfigureAwait(false);
            var element = await ElementAsync(page, id, cancellationToken).ConfigureAwait(false);
            var name = await DescribeAsync(element, cancellationToken).ConfigureAwait(false);
            var tag = await element.EvaluateAsync<string>("e => e.tagName.toLowerCase()").WaitAsync(cancellationToken).ConfigureAwait(false);
            var error = tag == "select"
                ? await GuardAsync(() => element.SelectOptionAsync(new SelectOptionValue { Label = text }, new LocatorSelectOptionOptions { Timeout = TimeoutMs }), cancellationToken).ConfigureAwait(false)
                : await GuardAsync(() => element.FillAsync(text, new LocatorFillOptions { Timeout = TimeoutMs }), cancellationToken).ConfigureAwait(false);
            if (error is null && pressEnter && tag != "select")
            {
                error = await GuardAsync(() => element.PressAsync("Enter", new LocatorPressOptions { Timeout = TimeoutMs }), cancellationToken).ConfigureAwait(false);
                await SettleAsync(page, cancellationToken).ConfigureAwait(false);
            }

            var prefix = error is null
                ? $"I typed '{text}' into [{id}] {name}{(pressEnter && tag != "select" ? " and pressed Enter" : string.Empty)}."
                : $"Typing into [{id}] {name} failed: {error}";
            return await ObserveAsync(prefix, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<string> ScrollAsync(bool down, CancellationToken cancellationToken) => ActAsync($"Scrolling {(down ? "down" : "up")}", async () =>
    {
        var page = await PageAsync(cancellationToken).ConfigureAwait(false);
        var moved = await page.EvaluateAsync<bool>(
            "down => { const before = window.scrollY; window.scrollBy(0, (down ? 1 : -1) * window.innerHeight * 0.9); return window.scrollY !== before; }",
            down).WaitAsync(cancellationToken).ConfigureAwait(false);
        var prefix = moved
            ? $"I scrolled {(down ? "down" : "up")} one page."
            : $"The page is already at the {(down ? "bottom" : "top")}; nothing moved.";
        return await ObserveAsync(prefix, cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    public Task<string> BackAsync(CancellationToken cancellationToken) => ActAsync("Going back", async () =>
    {
        var page = await PageAsync(cancellationToken).ConfigureAwait(false);
        var before = page.Url;
        var error = await GuardAsync(() => page.GoBackAsync(new PageGoBackOptions { Timeout = TimeoutMs, WaitUntil = WaitUntilState.Load }), cancellationToken).ConfigureAwait(false);
        if (error is null && IsBlank(page.Url) && !IsBlank(before))
        {
            // Back past the first real page lands on the empty start page: stay where we were instead.
            await GuardAsync(() => page.GoForwardAsync(new PageGoForwardOptions { Timeout = TimeoutMs, WaitUntil = WaitUntilState.Load }), cancellationToken).ConfigureAwait(false);
        }

        var prefix = error is not null
            ? $"Going back failed: {error}"
            : page.Url == before ? "There is no earlier page in this tab's history." : "I went back to the previous page.";
        return await ObserveAsync(prefix, cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>Moves the mouse over an element by its id (menus and tooltips that open on hover), as autogen's WebSurfer's
    /// <c>hover</c> tool does.</summary>
    public Task<string> HoverAsync(int id, CancellationToken cancellationToken) => ActAsync($"Hovering over [{id}]", async () =>
    {
        var page = await PageAsync(cancellationToken).ConfigureAwait(false);
        var element = await ElementAsync(page, id, cancellationToken).ConfigureAwait(false);
        var name = await DescribeAsync(element, cancellationToken).ConfigureAwait(false);
        var error = await GuardAsync(() => element.HoverAsync(new LocatorHoverOptions { Timeout = TimeoutMs }), cancellationToken).ConfigureAwait(false);
        var prefix = error is null ? $"I hovered the mouse over [{id}] {name}." : $"Hovering over [{id}] {name} failed: {error}";
        return await ObserveAsync(prefix, cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>Waits <see cref="SleepTime"/> for the page to settle (it may still be loading or changing), then observes it,
    /// as autogen's WebSurfer's <c>sleep</c> tool does.</summary>
    public Task<string> SleepAsync(CancellationToken cancellationToken) => ActAsync("Waiting", async () =>
    {
        var page = await PageAsync(cancellationToken).ConfigureAwait(false);

        // The page's own clock: what it waits for (scripts, timers, loads) runs in the browser in real time.
        await GuardAsync(() => page.WaitForTimeoutAsync((float)SleepTime.TotalMilliseconds), cancellationToken).ConfigureAwait(false);
        return await ObserveAsync($"I waited {(int)SleepTime.TotalSeconds} seconds for the page.", cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>Goes back to the start page in the current tab (cookies and history stay), as autogen's WebSurfer does when
    /// the team re-plans. Returns what happened, in words, for the transcript; null (nothing done) before the browser starts.</summary>
    /// <exception cref="BrowserCrashedException">The browser crashed more often than it may be restarted.</exception>
    public async Task<string?> ResetAsync(CancellationToken cancellationToken)
    {
        if (!IsStarted)
        {
            return null;
        }

        try
        {
            await _recovery.NoticeCrashAsync(cancellationToken).ConfigureAwait(false);
            var page = await PageAsync(cancellationToken).ConfigureAwait(false);
            var error = await GuardAsync(() => page.GotoAsync(_options.StartPage, new PageGotoOptions { Timeout = TimeoutMs, WaitUntil = WaitUntilState.Load }), cancellationToken).ConfigureAwait(false);
            return error is null ? $"The browser went back to its start page ({_options.StartPage})." : $"Going back to the start page ({_options.StartPage}) failed: {error}";
        }
        catch (PlaywrightException ex)
        {
            if (await _recovery.CrashedPartAsync(ex, _host.Page).ConfigureAwait(false) is not { } crashed)
            {
                throw;
            }

            // The next action starts a fresh browser or tab and its observation says so.
            return $"Going back to the start page did not complete: {crashed} crashed during it.";
        }
    }

    /// <summary>Says (once) that the browser crashed and was restarted since the last action reported it, or null.</summary>
    public string? TakeRestartNotice() => _recovery.TakeNotice();

    /// <summary>The whole page's text (capped), for questions about the page.</summary>
    /// <remarks>After a crash the text is empty and <see cref="TakeRestartNotice"/> says what happened.</remarks>
    public async Task<string> FullTextAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _recovery.NoticeCrashAsync(cancellationToken).ConfigureAwait(false);
            var page = await PageAsync(cancellationToken).ConfigureAwait(false);
            return await PageObservation.ReadAllTextAsync(page, _options.MaxPageTextChars, cancellationToken).ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            if (await _recovery.CrashedPartAsync(ex, _host.Page).ConfigureAwait(false) is null)
            {
                throw;
            }

            await PageAsync(cancellationToken).ConfigureAwait(false);
            return string.Empty;
        }
    }

    /// <summary>The current state as text, starting with <paramref name="prefix"/>.</summary>
    public async Task<string> ObserveAsync(string prefix, CancellationToken cancellationToken)
    {
        var page = await PageAsync(cancellationToken).ConfigureAwait(false);
        JsonElement state;
        string title;
        try
        {
            (state, title) = await PageObservation.ReadViewportAsync(page, _options.MaxViewportChars, cancellationToken).ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            if (await _recovery.CrashedPartAsync(ex, page).ConfigureAwait(false) is not null)
            {
                throw;
            }

            return $"{prefix}\nThe page at {page.Url} could not be read: {BrowserMessages.FirstLine(ex.Message)}";
        }

        var downloads = await _downloads.TakeAsync(cancellationToken).ConfigureAwait(false);
        return PageObservation.Describe(prefix, downloads, page.Url, title, state);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _recovery.Dispose();
        }
    }

    /// <summary>Runs one action; when the browser (or its tab) crashes during it, starts a fresh one and shows where that
    /// leaves us: the action is reported as not completed, never retried. Either way a pending notice of a restart comes first.</summary>
    private async Task<string> ActAsync(string action, Func<Task<string>> run, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            await _recovery.NoticeCrashAsync(cancellationToken).ConfigureAwait(false);
            text = await run().ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            if (await _recovery.CrashedPartAsync(ex, _host.Page).ConfigureAwait(false) is not { } crashed)
            {
                throw;
            }

            // The observation's PageAsync starts the fresh browser or tab (or throws BrowserCrashedException past the limit).
            text = await ObserveAsync($"{action} did not complete: {crashed} crashed during it.", cancellationToken).ConfigureAwait(false);
        }

        return TakeRestartNotice() is { } notice ? $"{notice}\n{text}" : text;
    }

    private Task<IPage> PageAsync(CancellationToken cancellationToken) => _recovery.PageAsync(cancellationToken);

    private Task<string?> GuardAsync(Func<Task> action, CancellationToken cancellationToken) => _recovery.GuardAsync(action, cancellationToken);

    private async Task<ILocator> ElementAsync(IPage page, int id, CancellationToken cancellationToken)
    {
        var locator = page.Locator($"[data-m1p-id='{id.ToString(CultureInfo.InvariantCulture)}']").First;
        var count = await page.Locator($"[data-m1p-id='{id.ToString(CultureInfo.InvariantCulture)}']").CountAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            throw new ArgumentException(
                $"No element has id {id} on the current page. Ids come from the latest observation's list of interactive elements; scroll or look again if the page changed.");
        }

        return locator;
    }

    private static async Task<string> DescribeAsync(ILocator element, CancellationToken cancellationToken)
    {
        var name = await element.EvaluateAsync<string>(
            "e => (e.getAttribute('aria-label') || e.innerText || e.value || e.getAttribute('placeholder') || e.getAttribute('name') || e.tagName.toLowerCase()).replace(/\\s+/g, ' ').trim().slice(0, 80)")
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return $"\"{name}\"";
    }

    private async Task SettleAsync(IPage page, CancellationToken cancellationToken)
    {
        // A click or Enter may start a navigation a moment later; give it a short chance, then wait for the load.
        await GuardAsync(() => page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = TimeoutMs }), cancellationToken).ConfigureAwait(false);
        await GuardAsync(() => page.WaitForTimeoutAsync(150), cancellationToken).ConfigureAwait(false);
        var current = _host.Page ?? page;
        await GuardAsync(() => current.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = TimeoutMs }), cancellationToken).ConfigureAwait(false);
    }

    private static bool IsBlank(string url) => string.Equals(url, "about:blank", StringComparison.OrdinalIgnoreCase);

    private static string NormalizeUrl(string url)
    {
        if (url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The WebSurfer does not open local files (file: URLs); ask FileSurfer to open the file instead.");
        }

        if (url.StartsWith("about:", StringComparison.OrdinalIgnoreCase) || url.Contains("://", StringComparison.Ordinal))
        {
            return url;
        }

        return (url.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || url.StartsWith("127.", StringComparison.Ordinal) ? "http://" : "https://") + url;
    }
}
