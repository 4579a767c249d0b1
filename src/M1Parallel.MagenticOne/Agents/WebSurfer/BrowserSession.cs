using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>One team's headless Chromium (the system's, never a downloaded one), started on first use, read as text.
/// Every action returns an observation: URL, title, scroll position, viewport text and numbered interactive elements.
/// A browser that crashes (its process dies) is replaced by a fresh one up to <see cref="WebSurferOptions.BrowserRestarts"/>
/// times, and the next observation says so; past that every action throws <see cref="BrowserCrashedException"/>.
/// A tab whose renderer process dies while the browser lives is closed and a fresh tab opened in the same context (cookies
/// kept) at about:blank, up to <see cref="WebSurferOptions.PageCrashRecoveries"/> times, and the next observation says so
/// and names the page it was showing (never reloaded by itself: the page may be what crashed it); past that, likewise.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    ];

    private static readonly TimeSpan CrashSettle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CrashProbe = TimeSpan.FromSeconds(2);

    private readonly WebSurferOptions _options;
    private readonly string _downloadFolder;
    private readonly Action<string>? _onCrash;
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly List<Task> _pendingDownloads = [];
    private readonly List<string> _newDownloads = [];
    private readonly Lock _downloadGate = new();
    private readonly PageCrashWatch _tabs = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private TaskCompletionSource? _browserGone;
    private IBrowserContext? _context;
    private IPage? _page;
    private int _crashes;
    private int _pageCrashes;
    private string? _failure;
    private string? _restartNotice;
    private volatile bool _disposed;

    /// <param name="options">How to drive the browser.</param>
    /// <param name="workFolder">The team's folder (downloads go to its <c>downloads</c> folder).</param>
    /// <param name="onCrash">Told, in words, each time the browser crashes (for the transcript).</param>
    public BrowserSession(WebSurferOptions options, string workFolder, Action<string>? onCrash = null)
    {
        _options = options;
        _downloadFolder = Path.Combine(workFolder, "downloads");
        _onCrash = onCrash;
    }

    private float TimeoutMs => (float)_options.ActionTimeout.TotalMilliseconds;

    /// <summary>Whether the browser has been started.</summary>
    public bool IsStarted => _page is not null;

    /// <summary>How many pages (tabs) are open in the browser's context (0 before it starts).</summary>
    internal int OpenPages => _context?.Pages.Count(p => !p.IsClosed) ?? 0;

    /// <summary>The current page's URL, or null before the browser starts.</summary>
    public string? Url => _page?.Url;

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

    /// <summary>Says (once) that the browser crashed and was restarted since the last action reported it, or null.</summary>
    public string? TakeRestartNotice() => Interlocked.Exchange(ref _restartNotice, null);

    /// <summary>The whole page's text (capped), for questions about the page.</summary>
    /// <remarks>After a crash the text is empty and <see cref="TakeRestartNotice"/> says what happened.</remarks>
    public async Task<string> FullTextAsync(CancellationToken cancellationToken)
    {
        try
        {
            await NoticeCrashAsync(cancellationToken).ConfigureAwait(false);
            var page = await PageAsync(cancellationToken).ConfigureAwait(false);
            return await page.EvaluateAsync<string>(PageScripts.FullText, _options.MaxPageTextChars).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            if (!await CrashedAsync(ex).ConfigureAwait(false) && !_tabs.Recognize(_page, ex))
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
            state = await page.EvaluateAsync<JsonElement>(PageScripts.Observe, _options.MaxViewportChars).WaitAsync(cancellationToken).ConfigureAwait(false);
            title = await page.TitleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            if (await CrashedAsync(ex).ConfigureAwait(false) || _tabs.Recognize(page, ex))
            {
                throw;
            }

            return $"{prefix}\nThe page at {page.Url} could not be read: {FirstLine(ex.Message)}";
        }

        var text = new StringBuilder();
        text.AppendLine(prefix);
        foreach (var download in await TakeDownloadsAsync(cancellationToken).ConfigureAwait(false))
        {
            text.Append("A file was downloaded and saved in the team's folder as ").Append(download).AppendLine(" (FileSurfer or Coder can open it).");
        }

        text.AppendLine();
        text.Append("Page title: ").AppendLine(title.Length == 0 ? "(none)" : title);
        text.Append("URL: ").AppendLine(page.Url);
        var scrollY = state.GetProperty("scrollY").GetDouble();
        var height = Math.Max(1, state.GetProperty("scrollHeight").GetDouble());
        var viewport = state.GetProperty("viewportHeight").GetDouble();
        var above = Math.Clamp(scrollY / height * 100, 0, 100);
        var below = Math.Clamp((height - scrollY - viewport) / height * 100, 0, 100);
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Viewport: {(above + below < 1 ? "the whole page is in view" : $"{above:0}% of the page is above the viewport and {below:0}% below")}."));
        text.AppendLine().AppendLine("Text in view:");
        var pageText = state.GetProperty("text").GetString() ?? string.Empty;
        text.AppendLine(pageText.Length == 0 ? "(no text in view)" : pageText);
        if (state.GetProperty("truncated").GetBoolean())
        {
            text.AppendLine("(text in view cut off at the length limit)");
        }

        var elements = state.GetProperty("elements");
        text.AppendLine().AppendLine(elements.GetArrayLength() == 0
            ? "No interactive elements in view."
            : "Interactive elements in view (use the ids with click and input_text):");
        foreach (var e in elements.EnumerateArray())
        {
            text.Append('[').Append(e.GetProperty("id").GetInt32()).Append("] ").Append(e.GetProperty("role").GetString());
            var name = e.GetProperty("name").GetString();
            if (!string.IsNullOrEmpty(name))
            {
                text.Append(" \"").Append(name).Append('"');
            }

            var href = e.GetProperty("href").GetString();
            if (!string.IsNullOrEmpty(href) && !href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
            {
                text.Append(" -> ").Append(href);
            }

            var value = e.GetProperty("value").GetString();
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(" value=\"").Append(value).Append('"');
            }

            text.AppendLine();
        }

        return text.ToString().TrimEnd();
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
            await CloseAsync(_browser, _playwright).ConfigureAwait(false);
        }
        finally
        {
            _startGate.Dispose();
        }
    }

    /// <summary>Runs one action; when the browser (or its tab) crashes during it, starts a fresh one and shows where that
    /// leaves us: the action is reported as not completed, never retried. Either way a pending notice of a restart comes first.</summary>
    private async Task<string> ActAsync(string action, Func<Task<string>> run, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            await NoticeCrashAsync(cancellationToken).ConfigureAwait(false);
            text = await run().ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            string what;
            if (await CrashedAsync(ex).ConfigureAwait(false))
            {
                what = "the browser crashed during it";
            }
            else if (_tabs.Recognize(_page, ex))
            {
                what = "the browser tab crashed during it";
            }
            else
            {
                throw;
            }

            // The observation's PageAsync starts the fresh browser or tab (or throws BrowserCrashedException past the limit).
            text = await ObserveAsync($"{action} did not complete: {what}.", cancellationToken).ConfigureAwait(false);
        }

        return TakeRestartNotice() is { } notice ? $"{notice}\n{text}" : text;
    }

    /// <summary>Finds out before an action whether the browser died since the last one (word of it may still be on its way),
    /// so that the action runs on a fresh browser instead of failing on the dead one.</summary>
    private async Task NoticeCrashAsync(CancellationToken cancellationToken)
    {
        if (_context is not { } context || BrowserIsGone)
        {
            return;
        }

        try
        {
            // One round trip to the browser process (not the page, which may be busy).
            await context.CookiesAsync().WaitAsync(_options.ActionTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            await CrashedAsync(ex).ConfigureAwait(false); // When it crashed, PageAsync now sees the browser gone and replaces it.
        }
        catch (TimeoutException)
        {
            // A slow browser is not a dead one; the action itself will tell.
        }

        await ProbePageAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One round trip to the page's renderer, so that a tab that crashed since the last action is reopened before
    /// this one runs (rather than the action failing on it) even when word of the crash is still on its way.</summary>
    private async Task ProbePageAsync(CancellationToken cancellationToken)
    {
        if (BrowserIsGone || _page is not { IsClosed: false } page || _tabs.HasCrashed(page))
        {
            return;
        }

        try
        {
            await page.EvaluateAsync<int>("1").WaitAsync(CrashProbe, cancellationToken).ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            _tabs.Recognize(page, ex); // When it crashed, PageAsync now opens a fresh tab.
        }
        catch (TimeoutException)
        {
            // A busy page (a navigation or a long script) is not a crashed one; the action itself will tell.
        }
    }

    /// <summary>Whether <paramref name="exception"/> comes from the whole browser going away (not from one action failing).</summary>
    private async Task<bool> CrashedAsync(PlaywrightException exception)
    {
        if (_disposed || _browserGone is not { } gone)
        {
            return false;
        }

        if (gone.Task.IsCompleted)
        {
            return true;
        }

        // Playwright's TargetClosedException is internal: a dead browser shows as a closed page or a "... closed" message.
        if (_page is not { IsClosed: true } && !exception.Message.Contains("closed", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // A page's "closed" may arrive a moment before its browser's; a page closed by its own script leaves the browser up.
        return await Task.WhenAny(gone.Task, Task.Delay(CrashSettle, CancellationToken.None)).ConfigureAwait(false) == gone.Task;
    }

    private bool BrowserIsGone => _browserGone is { Task.IsCompleted: true } || _browser is { IsConnected: false };

    private async Task<IPage> PageAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_page is { IsClosed: false } current && !BrowserIsGone && !_tabs.HasCrashed(current))
        {
            return current;
        }

        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_page is { IsClosed: false } started && !BrowserIsGone && !_tabs.HasCrashed(started))
            {
                return started;
            }

            if (_failure is not null)
            {
                throw new BrowserCrashedException(_failure);
            }

            if (!BrowserIsGone && _tabs.HasCrashed(_page) && await ReopenCrashedTabAsync(cancellationToken).ConfigureAwait(false) is { } reopened)
            {
                return reopened;
            }

            if (BrowserIsGone)
            {
                await ReplaceCrashedBrowserAsync().ConfigureAwait(false);
            }

            if (_context is not null)
            {
                _page = _context.Pages.LastOrDefault(p => !p.IsClosed) ?? await _context.NewPageAsync().ConfigureAwait(false);
                Watch(_page);
                return _page;
            }

            return await StartAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>Forgets a browser whose process died; past the restart limit the run cannot browse any more.</summary>
    private async Task ReplaceCrashedBrowserAsync()
    {
        _crashes++;
        var (browser, playwright) = (_browser, _playwright);
        (_browser, _browserGone, _context, _page, _playwright) = (null, null, null, null, null);
        await CloseAsync(browser, playwright).ConfigureAwait(false);
        if (_crashes > _options.BrowserRestarts)
        {
            throw GiveUp(
                $"The WebSurfer's browser ({_options.ChromiumPath}) crashed {_crashes} time(s) and may be restarted only {_options.BrowserRestarts} time(s) " +
                "(WebSurferOptions.BrowserRestarts), so this run cannot browse any more. A browser that keeps dying usually means too little memory " +
                "or a broken Chromium install.");
        }

        var notice =
            $"[The browser crashed (its process ended unexpectedly) and was restarted (restart {_crashes} of at most {_options.BrowserRestarts}): " +
            "this is a fresh browser, so the earlier page, its history and anything typed into it are gone.]";
        _restartNotice = notice;
        _onCrash?.Invoke(notice);
    }

    /// <summary>Closes the crashed tab and opens a fresh one in the same context (cookies kept), at about:blank; null when the
    /// whole browser turns out to be dying (the caller replaces it). Past the limit the run cannot browse any more.</summary>
    private async Task<IPage?> ReopenCrashedTabAsync(CancellationToken cancellationToken)
    {
        var (crashed, context) = (_page!, _context!);
        var url = crashed.Url;
        if (_pageCrashes + 1 > _options.PageCrashRecoveries && await BrowserAliveAsync(cancellationToken).ConfigureAwait(false))
        {
            _pageCrashes++;
            var (browser, playwright) = (_browser, _playwright);
            (_browser, _browserGone, _context, _page, _playwright) = (null, null, null, null, null);
            await CloseAsync(browser, playwright).ConfigureAwait(false);
            throw GiveUp(
                $"The WebSurfer's browser tab crashed {_pageCrashes} time(s) (its page renderer process died; last at {url}) and may be reopened only " +
                $"{_options.PageCrashRecoveries} time(s) (WebSurferOptions.PageCrashRecoveries), so this run cannot browse any more. A tab that keeps " +
                "crashing usually means too little memory or pages too heavy for the renderer.");
        }

        IPage fresh;
        try
        {
            await ClosePageAsync(crashed).ConfigureAwait(false);
            fresh = await context.NewPageAsync().WaitAsync(_options.ActionTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            if (BrowserIsGone || (_browserGone is { } gone && await Task.WhenAny(gone.Task, Task.Delay(CrashSettle, CancellationToken.None)).ConfigureAwait(false) == gone.Task))
            {
                return null; // Not the tab but the browser: replaced as a browser crash.
            }

            throw new InvalidOperationException($"The WebSurfer's browser tab crashed and a fresh one could not be opened: {FirstLine(ex.Message)}", ex);
        }

        _pageCrashes++;
        _page = fresh;
        Watch(fresh);
        var notice =
            $"[The browser tab crashed (its page renderer process died; the browser itself is fine) and was reopened (reopening {_pageCrashes} of at most " +
            $"{_options.PageCrashRecoveries}): the new tab is at about:blank, so the page it showed ({url}), its history and anything typed into it are gone; " +
            "cookies are kept. Open the page again if you still need it.]";
        _restartNotice = _restartNotice is null ? notice : $"{_restartNotice}\n{notice}";
        _onCrash?.Invoke(notice);
        return fresh;
    }

    /// <summary>Whether the browser process still answers (a tab's crash may be the first sign of the whole browser dying).</summary>
    private async Task<bool> BrowserAliveAsync(CancellationToken cancellationToken)
    {
        if (BrowserIsGone || _context is not { } context)
        {
            return false;
        }

        try
        {
            await context.CookiesAsync().WaitAsync(_options.ActionTimeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PlaywrightException)
        {
            return _browserGone is { } gone && await Task.WhenAny(gone.Task, Task.Delay(CrashSettle, CancellationToken.None)).ConfigureAwait(false) != gone.Task;
        }
        catch (TimeoutException)
        {
            return true; // Slow, not dead.
        }
    }

    /// <summary>Remembers that this run cannot browse any more, tells the transcript, and returns the exception to throw.</summary>
    private BrowserCrashedException GiveUp(string message)
    {
        _failure = message;
        _onCrash?.Invoke(message);
        return new BrowserCrashedException(message);
    }

    /// <summary>Closes one page (crashed or not); never throws, never waits long.</summary>
    private static async Task ClosePageAsync(IPage page)
    {
        try
        {
            await page.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            // A crashed page may refuse to close politely; its renderer is gone anyway.
        }
    }

    private async Task<IPage> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_options.ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The WebSurfer's browser is not available: '{_options.ChromiumPath}' does not exist. Install Chromium (apt-get install chromium) or set WebSurferOptions.ChromiumPath; a browser is never downloaded.");
        }

        try
        {
            _playwright = await Playwright.CreateAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            var browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = _options.ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = 60_000,
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
            var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            browser.Disconnected += (_, _) => gone.TrySetResult();
            if (!browser.IsConnected)
            {
                gone.TrySetResult();
            }

            (_browser, _browserGone) = (browser, gone);
            _context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                AcceptDownloads = true,
                ViewportSize = new ViewportSize { Width = _options.ViewportWidth, Height = _options.ViewportHeight },
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
            _context.Page += (_, popup) =>
            {
                _page = popup;
                Watch(popup);
            };
            _page = await _context.NewPageAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            Watch(_page);
        }
        catch (PlaywrightException ex) when (!BrowserIsGone)
        {
            await CloseAsync(_browser, _playwright).ConfigureAwait(false);
            (_browser, _browserGone, _context, _page, _playwright) = (null, null, null, null, null);
            throw new InvalidOperationException($"The WebSurfer's browser ({_options.ChromiumPath}) failed to start: {FirstLine(ex.Message)}", ex);
        }

        if (_disposed)
        {
            // Disposed while starting: close what was just started rather than leave it running.
            await CloseAsync(_browser, _playwright).ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(BrowserSession));
        }

        var page = _page;
        if (!string.Equals(_options.StartPage, "about:blank", StringComparison.OrdinalIgnoreCase))
        {
            await GuardAsync(() => page.GotoAsync(_options.StartPage, new PageGotoOptions { Timeout = TimeoutMs }), cancellationToken).ConfigureAwait(false);
        }

        return page;
    }

    /// <summary>Closes a browser (alive or already dead) and its Playwright driver; never throws, never waits long.</summary>
    private static async Task CloseAsync(IBrowser? browser, IPlaywright? playwright)
    {
        try
        {
            if (browser is { IsConnected: true })
            {
                await browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or InvalidOperationException)
        {
            // Closing a browser that is already gone.
        }
        finally
        {
            playwright?.Dispose();
        }
    }

    private void Watch(IPage page)
    {
        _tabs.Watch(page);
        page.Download += (_, download) =>
        {
            var save = SaveDownloadAsync(download);
            lock (_downloadGate)
            {
                _pendingDownloads.Add(save);
            }
        };
    }

    private async Task SaveDownloadAsync(IDownload download)
    {
        try
        {
            Directory.CreateDirectory(_downloadFolder);
            var name = string.Concat(Path.GetFileName(download.SuggestedFilename).Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
            if (name.Length == 0)
            {
                name = "download";
            }

            var path = Path.Combine(_downloadFolder, name);
            for (var i = 1; File.Exists(path); i++)
            {
                path = Path.Combine(_downloadFolder, $"{Path.GetFileNameWithoutExtension(name)}_{i}{Path.GetExtension(name)}");
            }

            await download.SaveAsAsync(path).ConfigureAwait(false);
            lock (_downloadGate)
            {
                _newDownloads.Add(Path.Combine("downloads", Path.GetFileName(path)));
            }
        }
        catch (PlaywrightException)
        {
            // A download cancelled with the page; nothing to report.
        }
    }

    private async Task<IReadOnlyList<string>> TakeDownloadsAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_downloadGate)
        {
            pending = [.. _pendingDownloads];
            _pendingDownloads.Clear();
        }

        if (pending.Length > 0)
        {
            await Task.WhenAll(pending).WaitAsync(_options.ActionTimeout, cancellationToken).ConfigureAwait(false);
        }

        lock (_downloadGate)
        {
            var done = _newDownloads.ToList();
            _newDownloads.Clear();
            return done;
        }
    }

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
        var current = _page ?? page;
        await GuardAsync(() => current.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = TimeoutMs }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a browser action; a Playwright failure comes back as its message (the observation shows where we are),
    /// except a crash of the whole browser, which is thrown.</summary>
    private async Task<string?> GuardAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action().WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (PlaywrightException ex)
        {
            if (await CrashedAsync(ex).ConfigureAwait(false) || _tabs.Recognize(_page, ex))
            {
                throw; // Not a failed action but a dead browser or tab: ActAsync starts a fresh one.
            }

            return FirstLine(ex.Message);
        }
        catch (TimeoutException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Playwright's waiter throws System.TimeoutException (not a PlaywrightException) when a load never settles.
            return FirstLine(ex.Message);
        }
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

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
