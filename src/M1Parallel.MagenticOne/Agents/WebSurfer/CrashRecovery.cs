using Microsoft.Playwright;

namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>Hands out the browser's live page: starts the browser on first use, and when the browser's process or a tab's
/// renderer has died, replaces it first. A crashed browser is replaced by a fresh one up to
/// <see cref="WebSurferOptions.BrowserRestarts"/> times; a crashed tab is closed and a fresh tab opened in the same context
/// (cookies kept) at about:blank, never reloaded (the page may be what crashed it), up to
/// <see cref="WebSurferOptions.PageCrashRecoveries"/> times; past either limit every call throws
/// <see cref="BrowserCrashedException"/>. Each recovery is worded once for the next observation and told to the transcript.</summary>
internal sealed class CrashRecovery : IDisposable
{
    private static readonly TimeSpan CrashSettle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CrashProbe = TimeSpan.FromSeconds(2);

    private readonly WebSurferOptions _options;
    private readonly ChromiumHost _host;
    private readonly Action<string>? _onCrash;
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly PageCrashWatch _tabs = new();
    private int _crashes;
    private int _pageCrashes;
    private string? _failure;
    private string? _notice;

    /// <param name="options">The restart limits.</param>
    /// <param name="host">The browser to start and replace.</param>
    /// <param name="onCrash">Told, in words, each time the browser or a tab crashes (for the transcript).</param>
    public CrashRecovery(WebSurferOptions options, ChromiumHost host, Action<string>? onCrash)
    {
        _options = options;
        _host = host;
        _onCrash = onCrash;
    }

    /// <summary>Starts listening for <paramref name="page"/>'s renderer crashing.</summary>
    public void Watch(IPage page) => _tabs.Watch(page);

    /// <summary>Says (once) what crashed and was replaced since the last call, or null.</summary>
    public string? TakeNotice() => Interlocked.Exchange(ref _notice, null);

    /// <summary>The live page: the current one, or a fresh browser or tab when it crashed, or the browser started (at the
    /// start page) on first use.</summary>
    /// <exception cref="BrowserCrashedException">The browser or its tabs crashed more often than the options allow.</exception>
    public async Task<IPage> PageAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_host.IsDisposed, typeof(BrowserSession));
        if (IsLive(_host.Page))
        {
            return _host.Page!;
        }

        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsLive(_host.Page))
            {
                return _host.Page!;
            }

            if (_failure is not null)
            {
                throw new BrowserCrashedException(_failure);
            }

            if (!_host.IsGone && _tabs.HasCrashed(_host.Page) && await ReopenCrashedTabAsync(cancellationToken).ConfigureAwait(false) is { } reopened)
            {
                return reopened;
            }

            if (_host.IsGone)
            {
                await ReplaceCrashedBrowserAsync().ConfigureAwait(false);
            }

            if (_host.Context is not null)
            {
                return await _host.AdoptOpenPageAsync().ConfigureAwait(false);
            }

            var page = await _host.StartAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(_options.StartPage, "about:blank", StringComparison.OrdinalIgnoreCase))
            {
                await GuardAsync(() => page.GotoAsync(_options.StartPage, new PageGotoOptions { Timeout = (float)_options.ActionTimeout.TotalMilliseconds }), cancellationToken).ConfigureAwait(false);
            }

            return page;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>Finds out before an action whether the browser died since the last one (word of it may still be on its way),
    /// so that the action runs on a fresh browser instead of failing on the dead one.</summary>
    public async Task NoticeCrashAsync(CancellationToken cancellationToken)
    {
        if (_host.Context is not { } context || _host.IsGone)
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
            await BrowserCrashedAsync(ex).ConfigureAwait(false); // When it crashed, PageAsync now sees the browser gone and replaces it.
        }
        catch (TimeoutException)
        {
            // A slow browser is not a dead one; the action itself will tell.
        }

        await ProbePageAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What crashed when <paramref name="exception"/> was thrown by a call on <paramref name="page"/>: "the browser",
    /// "the browser tab", or null when it was an ordinary failure of that call.</summary>
    public async Task<string?> CrashedPartAsync(PlaywrightException exception, IPage? page)
    {
        if (await BrowserCrashedAsync(exception).ConfigureAwait(false))
        {
            return "the browser";
        }

        return _tabs.Recognize(page, exception) ? "the browser tab" : null;
    }

    /// <summary>Runs a browser call; a Playwright failure comes back as its message (the observation shows where we are),
    /// except a crash of the browser or the current tab, which is thrown for the caller to recover from.</summary>
    public async Task<string?> GuardAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action().WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (PlaywrightException ex)
        {
            if (await CrashedPartAsync(ex, _host.Page).ConfigureAwait(false) is not null)
            {
                throw; // Not a failed action but a dead browser or tab: the next PageAsync replaces it.
            }

            return BrowserMessages.FirstLine(ex.Message);
        }
        catch (TimeoutException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Playwright's waiter throws System.TimeoutException (not a PlaywrightException) when a load never settles.
            return BrowserMessages.FirstLine(ex.Message);
        }
    }

    public void Dispose() => _startGate.Dispose();

    private bool IsLive(IPage? page) => page is { IsClosed: false } && !_host.IsGone && !_tabs.HasCrashed(page);

    /// <summary>One round trip to the page's renderer, so that a tab that crashed since the last action is reopened before
    /// this one runs (rather than the action failing on it) even when word of the crash is still on its way.</summary>
    private async Task ProbePageAsync(CancellationToken cancellationToken)
    {
        if (_host.IsGone || _host.Page is not { IsClosed: false } page || _tabs.HasCrashed(page))
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
    private async Task<bool> BrowserCrashedAsync(PlaywrightException exception)
    {
        if (_host.IsDisposed || _host.Gone is not { } gone)
        {
            return false;
        }

        if (gone.IsCompleted)
        {
            return true;
        }

        // Playwright's TargetClosedException is internal: a dead browser shows as a closed page or a "... closed" message.
        if (_host.Page is not { IsClosed: true } && !exception.Message.Contains("closed", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // A page's "closed" may arrive a moment before its browser's; a page closed by its own script leaves the browser up.
        return await GoesWithinSettleAsync(gone).ConfigureAwait(false);
    }

    /// <summary>Forgets a browser whose process died; past the restart limit the run cannot browse any more.</summary>
    private async Task ReplaceCrashedBrowserAsync()
    {
        _crashes++;
        await _host.ForgetAsync().ConfigureAwait(false);
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
        _notice = notice;
        _onCrash?.Invoke(notice);
    }

    /// <summary>Closes the crashed tab and opens a fresh one in the same context (cookies kept), at about:blank; null when the
    /// whole browser turns out to be dying (the caller replaces it). Past the limit the run cannot browse any more.</summary>
    private async Task<IPage?> ReopenCrashedTabAsync(CancellationToken cancellationToken)
    {
        var crashed = _host.Page!;
        var url = crashed.Url;
        if (_pageCrashes + 1 > _options.PageCrashRecoveries && await BrowserAliveAsync(cancellationToken).ConfigureAwait(false))
        {
            _pageCrashes++;
            await _host.ForgetAsync().ConfigureAwait(false);
            throw GiveUp(
                $"The WebSurfer's browser tab crashed {_pageCrashes} time(s) (its page renderer process died; last at {url}) and may be reopened only " +
                $"{_options.PageCrashRecoveries} time(s) (WebSurferOptions.PageCrashRecoveries), so this run cannot browse any more. A tab that keeps " +
                "crashing usually means too little memory or pages too heavy for the renderer.");
        }

        IPage fresh;
        try
        {
            fresh = await _host.ReplacePageAsync(crashed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            if (_host.IsGone || (_host.Gone is { } gone && await GoesWithinSettleAsync(gone).ConfigureAwait(false)))
            {
                return null; // Not the tab but the browser: replaced as a browser crash.
            }

            throw new InvalidOperationException($"The WebSurfer's browser tab crashed and a fresh one could not be opened: {BrowserMessages.FirstLine(ex.Message)}", ex);
        }

        _pageCrashes++;
        var notice =
            $"[The browser tab crashed (its page renderer process died; the browser itself is fine) and was reopened (reopening {_pageCrashes} of at most " +
            $"{_options.PageCrashRecoveries}): the new tab is at about:blank, so the page it showed ({url}), its history and anything typed into it are gone; " +
            "cookies are kept. Open the page again if you still need it.]";
        _notice = _notice is null ? notice : $"{_notice}\n{notice}";
        _onCrash?.Invoke(notice);
        return fresh;
    }

    /// <summary>Whether the browser process still answers (a tab's crash may be the first sign of the whole browser dying).</summary>
    private async Task<bool> BrowserAliveAsync(CancellationToken cancellationToken)
    {
        if (_host.IsGone || _host.Context is not { } context)
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
            return _host.Gone is { } gone && !await GoesWithinSettleAsync(gone).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return true; // Slow, not dead.
        }
    }

    /// <summary>Whether the browser's process goes away within a moment (word of a crash arrives in pieces).</summary>
    private static async Task<bool> GoesWithinSettleAsync(Task gone) =>
        await Task.WhenAny(gone, Task.Delay(CrashSettle, CancellationToken.None)).ConfigureAwait(false) == gone;

    /// <summary>Remembers that this run cannot browse any more, tells the transcript, and returns the exception to throw.</summary>
    private BrowserCrashedException GiveUp(string message)
    {
        _failure = message;
        _onCrash?.Invoke(message);
        return new BrowserCrashedException(message);
    }
}
